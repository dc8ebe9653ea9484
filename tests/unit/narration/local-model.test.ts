import { describe, expect, it } from 'vitest';
import { localModelKey, modelIdOfKey, planModelFolderImport, type PickedFile } from '../../../lib/narration/local-model';
import { modelFiles } from '../../../lib/narration/models';

const folder = (root: string, paths: string[], size = 10): PickedFile[] => paths.map((p) => ({ relativePath: `${root}/${p}`, size }));

describe('planModelFolderImport', () => {
  it('keeps the model files of a plain folder under their paths inside the model', () => {
    const picked = folder('whisper-tiny.en', [...modelFiles('q8'), 'README.md', '.gitattributes', 'onnx/encoder_model.onnx']);
    const plan = planModelFolderImport(picked, 'q8');
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.files.map((f) => f.path).sort()).toEqual([...modelFiles('q8'), 'onnx/encoder_model.onnx'].sort());
    expect(plan.files.every((f) => picked[f.index]!.relativePath.endsWith(f.path))).toBe(true);
    expect(plan.bytes).toBe(plan.files.length * 10);
  });

  it('accepts a mirror in the Hub layout (resolve/<revision>/)', () => {
    const plan = planModelFolderImport(folder('whisper-tiny.en', modelFiles('q8').map((p) => `resolve/main/${p}`)), 'q8');
    expect(plan.ok && plan.files.map((f) => f.path).sort()).toEqual([...modelFiles('q8')].sort());
  });

  it('names what is missing for the dtype we load', () => {
    const plan = planModelFolderImport(folder('m', modelFiles('fp32')), 'q8');
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.error).toContain('onnx/encoder_model_quantized.onnx');
    expect(plan.error).toContain('onnx/decoder_model_merged_quantized.onnx');
    expect(plan.error).not.toContain('config.json,');
  });

  it('refuses an empty folder and ignores path tricks and oversized files', () => {
    expect(planModelFolderImport([], 'q8')).toEqual({ ok: false, error: 'The folder is empty.' });
    const picked = [...folder('m', modelFiles('q8')), { relativePath: 'm/../../etc/passwd.json', size: 1 }, { relativePath: 'm/onnx/huge.onnx', size: 9e9 }];
    const plan = planModelFolderImport(picked, 'q8');
    expect(plan.ok && plan.files.map((f) => f.path)).not.toContain('onnx/huge.onnx');
    expect(plan.ok && plan.files.some((f) => f.path.includes('..'))).toBe(false);
  });
});

describe('local model keys', () => {
  it('round-trips the model id and never names a real host', () => {
    const key = localModelKey('onnx-community/whisper-tiny.en', 'onnx/encoder_model_quantized.onnx');
    expect(new URL(key).hostname.endsWith('.invalid')).toBe(true);
    expect(modelIdOfKey(key)).toBe('onnx-community/whisper-tiny.en');
    expect(modelIdOfKey('https://huggingface.co/x/y/resolve/main/config.json')).toBeNull();
  });
});

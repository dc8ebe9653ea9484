/**
 * Screenshots for the team library: re-encoded as WebP (much smaller than PNG for UI screenshots), at most
 * MAX_WIDTH px wide, and under a size cap per image (quality, then size, lowered until it fits).
 */
export const MAX_WIDTH = 1600;
export const MAX_IMAGE_BYTES = 300 * 1024;

export async function compressImage(bytes: Uint8Array, mimeType = 'image/png', cap = MAX_IMAGE_BYTES): Promise<{ bytes: Uint8Array; ext: string; mimeType: string; width: number; height: number }> {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: mimeType }));
  try {
    let scale = Math.min(1, MAX_WIDTH / bitmap.width);
    for (let attempt = 0; ; attempt++) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
      for (const quality of [0.82, 0.65, 0.5]) {
        const blob = await canvas.convertToBlob({ type: 'image/webp', quality });
        if (blob.size <= cap || (attempt >= 4 && quality === 0.5)) return { bytes: new Uint8Array(await blob.arrayBuffer()), ext: 'webp', mimeType: 'image/webp', width, height };
      }
      scale *= 0.75;
    }
  } finally {
    bitmap.close();
  }
}

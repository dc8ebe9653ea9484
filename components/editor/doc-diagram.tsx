/**
 * The flow diagram: its Mermaid source, kept in the SOP and editable (an edit stops it following the steps
 * until "Regenerate from the SOP"), and the rendered chart. Mermaid is large, so it is imported only when
 * this panel first renders, and runs at its strict security level (label HTML encoded or sanitised, no
 * clicks, no scripts); its SVG is scrubbed once more (lib/editor/svg-scrub.ts) before it goes into the page.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { diagramInput } from '../../lib/editor/diagram-input';
import { scrubSvg } from '../../lib/editor/svg-scrub';
import type { Step } from '../../lib/model';
import { buildMermaid } from '../../lib/sop/diagram';
import type { SopDocument } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { DocSection, Prompt, type OnEdit } from './doc-fields';
import { diagramTurn } from '../../lib/exporting/diagram-turn';

type Mermaid = (typeof import('mermaid'))['default'];

const RENDER_DELAY_MS = 300;

let loading: Promise<Mermaid> | undefined;
let configured: string | undefined;
let renders = 0;

function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then((m) => m.default);
  loading.catch(() => (loading = undefined));
  return loading;
}

function isDark(): boolean {
  const set = document.documentElement.dataset.theme;
  return set === 'dark' || (set !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
}

/** The renderer itself did not load (a missing chunk, a blocked script): not the author's source at fault. */
class LoadError extends Error {}

async function renderSvg(source: string, dark: boolean): Promise<string> {
  const mermaid = await loadMermaid().catch((e: unknown) => {
    throw new LoadError(e instanceof Error ? e.message : String(e));
  });
  const theme = dark ? 'dark' : 'default';
  if (configured !== theme) {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme });
    configured = theme;
  }
  const id = `sop-diagram-${++renders}`;
  try {
    await mermaid.parse(source);
    const { svg } = await mermaid.render(id, source);
    return svg;
  } finally {
    // On a failed render Mermaid may leave its scratch element in <body>.
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

/** Follows the theme toggle and the system setting. */
function useDarkTheme(): boolean {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const update = () => setDark(isDark());
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', update);
    };
  }, []);
  return dark;
}

export function DocDiagram({ doc, steps, onDoc }: { doc: SopDocument; steps: readonly Step[]; onDoc: OnEdit<SopDocument> }) {
  const generated = useMemo(() => buildMermaid(diagramInput(doc), steps), [doc, steps]);
  const source = doc.diagram.edited ? doc.diagram.source : generated;
  const dark = useDarkTheme();
  const view = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<{ kind: 'loading' } | { kind: 'ok' } | { kind: 'error' | 'unavailable'; message: string }>({ kind: 'loading' });

  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      if (source.trim() === '') {
        view.current?.replaceChildren();
        setStatus({ kind: 'ok' });
        return;
      }
      const job = diagramTurn(() => renderSvg(source, dark));
      job.then(
        (svg) => {
          const el = view.current;
          if (!alive || !el) return;
          // Mermaid's strict mode has sanitised the SVG; scrub it again in an inert document (nothing
          // there loads or runs) before it is adopted into the page.
          const scratch = document.implementation.createHTMLDocument('').createElement('div');
          scratch.innerHTML = svg;
          const root = scratch.querySelector('svg');
          if (!root) {
            setStatus({ kind: 'error', message: 'Mermaid returned no SVG.' });
            return;
          }
          scrubSvg(root);
          root.setAttribute('aria-hidden', 'true');
          root.removeAttribute('role');
          el.replaceChildren(document.importNode(root, true));
          setStatus({ kind: 'ok' });
        },
        (e: unknown) => {
          if (!alive) return;
          view.current?.replaceChildren();
          setStatus({ kind: e instanceof LoadError ? 'unavailable' : 'error', message: firstLine(e) });
        },
      );
    }, RENDER_DELAY_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [source, dark]);

  return (
    <DocSection
      sectionKey="diagram"
      actions={
        <button
          class="btn btn--small"
          disabled={!doc.diagram.edited}
          title={doc.diagram.edited ? 'Replace your edits with a diagram drawn from the steps and sections' : 'The diagram already follows the SOP'}
          onClick={() => onDoc((d) => ({ ...d, diagram: { source: buildMermaid(diagramInput(d), steps), edited: false } }), undefined, 'The diagram follows the SOP again. Undo with Ctrl+Z.')}
        >
          Regenerate from the SOP
        </button>
      }
    >
      <p class="note">{doc.diagram.edited ? 'Edited by hand: it no longer changes with the steps.' : 'Drawn from the steps, gates, verification and rollback; edit the source to change it by hand.'}</p>
      <div class="ddiagram">
        <div class="dfield ddiagram__source">
          <label for="diagram-source">Mermaid source</label>
          <textarea
            id="diagram-source"
            rows={12}
            spellcheck={false}
            value={source}
            placeholder={section('diagram').prompt}
            onInput={(e) => {
              const text = e.currentTarget.value;
              onDoc((d) => ({ ...d, diagram: { source: text, edited: true } }), 'diagram');
            }}
          />
        </div>
        <figure class="ddiagram__figure">
          <div ref={view} class="ddiagram__view" data-testid="diagram-view" role="img" aria-label={`Flow diagram of the procedure, ${steps.length} steps`} />
          <figcaption>
            {status.kind === 'loading' && <span class="note">Drawing the diagram…</span>}
            {status.kind === 'error' && (
              <span class="error" role="alert">
                The diagram source does not parse: {status.message}
              </span>
            )}
            {status.kind === 'unavailable' && (
              <span class="error" role="alert">
                The diagram could not be drawn: the renderer did not load ({status.message}).
              </span>
            )}
            {status.kind === 'ok' && source.trim() === '' && <Prompt>{section('diagram').prompt}</Prompt>}
          </figcaption>
        </figure>
      </div>
    </DocSection>
  );
}

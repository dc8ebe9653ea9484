/**
 * Renders its children only once they come near the viewport: a 500-step SOP otherwise loads and decodes
 * 500 screenshots from IndexedDB before the popup can scroll. Once shown, they stay.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** `eager` renders at once (the first steps of a list, which the page shows anyway). */
export function LazyVisible({ children, placeholderClass, margin = '600px', eager = false }: { children: ComponentChildren; placeholderClass: string; margin?: string; eager?: boolean }) {
  const [shown, setShown] = useState(eager || typeof IntersectionObserver === 'undefined');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown || !ref.current) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setShown(true);
        observer.disconnect();
      }
    }, { rootMargin: margin });
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [shown, margin]);
  if (shown) return <>{children}</>;
  // Roughly a screenshot's height, so the list does not jump as thumbnails appear.
  return <div ref={ref} class={placeholderClass} data-testid="lazy-placeholder" aria-hidden="true" style={{ aspectRatio: '16 / 10' }} />;
}

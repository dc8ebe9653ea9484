/** `#/` is the library, `#/sop/<id>` one SOP. The hash keeps the editor's place across reloads. */
import { useEffect, useState } from 'preact/hooks';
import type { SopId } from '../../lib/model';

export type Route = { readonly view: 'library' } | { readonly view: 'sop'; readonly sopId: SopId };

export function parseRoute(hash: string): Route {
  const m = /^#\/sop\/([^/]+)$/.exec(hash);
  return m?.[1] ? { view: 'sop', sopId: decodeURIComponent(m[1]) as SopId } : { view: 'library' };
}

export function useHashRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  const go = (r: Route) => {
    location.hash = r.view === 'sop' ? `#/sop/${encodeURIComponent(r.sopId)}` : '#/';
  };
  return [route, go];
}

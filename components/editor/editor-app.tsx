/** The full editor tab: the library, or one SOP. */
import { LibraryView } from './library-view';
import { SopEditor } from './sop-editor';
import { ThemeToggle } from './theme-toggle';
import { useHashRoute } from './use-hash-route';

export function EditorApp() {
  const [route, go] = useHashRoute();
  return (
    <div class="editor-app">
      <header class="editor-app__header">
        <a class="editor-app__brand" href="#/">
          SOP Recorder
        </a>
        <span class="popup__tag">local only</span>
        <ThemeToggle />
      </header>
      <main>
        {route.view === 'sop' ? (
          <SopEditor key={route.sopId} sopId={route.sopId} onBack={() => go({ view: 'library' })} />
        ) : (
          <LibraryView onOpen={(sopId) => go({ view: 'sop', sopId })} />
        )}
      </main>
    </div>
  );
}

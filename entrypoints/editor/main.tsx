import { render } from 'preact';
import { EditorApp } from '../../components/editor/editor-app';
import '../../components/popup.css';
import '../../components/editor/editor.css';

render(<EditorApp />, document.getElementById('app')!);
// Publishes queued while offline are retried while the editor is open (lib/team-sync/queue.ts).
void import('../../lib/team-sync/queue').then(({ startPublishQueue }) => startPublishQueue());

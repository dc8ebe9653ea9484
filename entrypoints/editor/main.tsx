import { render } from 'preact';
import { EditorApp } from '../../components/editor/editor-app';
import '../../components/popup.css';
import '../../components/editor/editor.css';

render(<EditorApp />, document.getElementById('app')!);

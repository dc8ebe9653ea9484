import { render } from 'preact';
import { PopupApp } from '../../components/popup-app';
import '../../components/popup.css';

render(<PopupApp />, document.getElementById('app')!);

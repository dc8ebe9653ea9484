import { render } from 'preact';
import { OptionsApp } from '../../components/options-app';
import '../../components/popup.css';

render(<OptionsApp />, document.getElementById('app')!);

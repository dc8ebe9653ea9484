import { render } from 'preact';
import { OptionsApp } from '../../components/options-app';
import '../../components/popup.css';

render(<OptionsApp />, document.getElementById('app')!);
// Publishes queued while offline are retried while an extension page is open (lib/team-sync/queue.ts).
void import('../../lib/team-sync/queue').then(({ startPublishQueue }) => startPublishQueue());

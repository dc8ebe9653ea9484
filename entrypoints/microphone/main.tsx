import { render } from 'preact';
import { useState } from 'preact/hooks';
import { requestMicrophone } from '../../lib/platform/microphone-permission';
import '../../components/popup.css';

function MicrophonePage() {
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  return (
    <main class="popup">
      <h1>Narrate your procedures</h1>
      <p>
        SOP Recorder can record what you say while you work and put each sentence under the step it describes. The
        audio stays on this computer: it is stored with the recording and transcribed on this device.
      </p>
      <button class="btn btn--primary" onClick={() => void requestMicrophone().then(setResult)}>
        Allow microphone
      </button>
      {result && (
        <p class={result.ok ? 'note' : 'error'} role="status">
          {result.message}
        </p>
      )}
    </main>
  );
}

render(<MicrophonePage />, document.getElementById('app')!);

/** Renders step text (`**bold**` + escapes) as plain text nodes: page-derived text can never become markup. */
import { parseStepText } from '../lib/text/markdown';

export function StepText({ text }: { text: string }) {
  return (
    <>
      {parseStepText(text).map((seg, i) => (seg.strong ? <strong key={i}>{seg.text}</strong> : <span key={i}>{seg.text}</span>))}
    </>
  );
}

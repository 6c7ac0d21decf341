// A training socket in an offline file, where no server trains: a `train`
// message is answered with recorded frames, one progress chunk every
// `frameMs`, so "Train" shows the training happen again. Shared by the
// networks' and the generative view's offline-api.js.

/**
 * framesOf(message) -> the frames to replay for that `train` message (an error
 * frame for a run the file does not hold); each goes out with the message's id.
 */
export function replayingSocket({ onFrame, onStatus }, frameMs, framesOf) {
  let timer = 0;
  setTimeout(() => onStatus('open'), 0);
  return {
    send(message) {
      clearTimeout(timer);
      if (message.type !== 'train') return;
      const frames = framesOf(message);
      let i = 0;
      const next = () => {
        const frame = frames[i];
        i += 1;
        if (!frame) return;
        onFrame({ ...frame, id: message.id });
        timer = setTimeout(next, frame.type === 'progress' ? frameMs : 0);
      };
      timer = setTimeout(next, 0); // a socket answers asynchronously
    },
    close() {
      clearTimeout(timer);
    },
  };
}

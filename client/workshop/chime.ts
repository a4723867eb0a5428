// The timer's gentle sound at zero: a short, soft sine tone from the Web Audio API.
// Browsers let a page make sound only after the person has interacted with it, so the
// audio context is made on the first click or key press, and the chime stays silent before.

const TONE_HZ = 660;
const PEAK_GAIN = 0.08;
const ATTACK_S = 0.02;
const LENGTH_S = 0.8;

let context: AudioContext | null = null;

function unlock(): void {
  window.removeEventListener('pointerdown', unlock, true);
  window.removeEventListener('keydown', unlock, true);
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  void context.resume();
}

/** Waits for the person's first gesture on the page, which is what lets the chime sound later. */
export function armChime(): void {
  if (context) return;
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
}

/** Plays the chime, or does nothing if the page has had no gesture yet. */
export function playChime(): void {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.value = TONE_HZ;
  // A quick rise and a long fade: a soft bell, not a beep.
  gain.gain.setValueAtTime(0, start);
  gain.gain.linearRampToValueAtTime(PEAK_GAIN, start + ATTACK_S);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + LENGTH_S);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(start);
  oscillator.stop(start + LENGTH_S);
}

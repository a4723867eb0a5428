// The participant link as a QR code, so a room can join from phones (as Mentimeter does):
// shown in the facilitator's Share menu, big enough to scan from a projector. The `qrcode`
// library is fetched when a code is first shown, never with the board page
// (docs/performance.md, bundle).
import { useEffect, useState } from 'react';

/** Light modules around the code, as the QR standard asks, so scanners find its edges. */
const QUIET_ZONE = 4;

interface Drawn {
  size: number;
  /** One SVG path of every dark module, each a 1 × 1 square. */
  path: string;
}

export function ParticipantQr({ link }: { link: string }) {
  const [drawn, setDrawn] = useState<Drawn | 'failed' | null>(null);
  useEffect(() => {
    let current = true;
    import('qrcode').then(
      ({ default: QRCode }) => {
        // Medium error correction: still scans when the projector's picture is a little soft.
        const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
        let path = '';
        for (let y = 0; y < modules.size; y++) {
          for (let x = 0; x < modules.size; x++) {
            if (modules.get(y, x)) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
          }
        }
        if (current) setDrawn({ size: modules.size, path });
      },
      () => current && setDrawn('failed'),
    );
    return () => {
      current = false;
    };
  }, [link]);

  if (drawn === 'failed') return <p role="alert">The QR code could not be loaded. Check your connection, then open Share again.</p>;
  const side = drawn ? drawn.size + 2 * QUIET_ZONE : 1;
  return (
    <figure className="participant-qr">
      {drawn ? (
        <svg
          role="img"
          aria-label="QR code of the participant link"
          viewBox={`0 0 ${side} ${side}`}
          shapeRendering="crispEdges"
          data-qr-size={drawn.size}
          data-qr-quiet-zone={QUIET_ZONE}
        >
          <rect width={side} height={side} fill="#fff" />
          <path d={drawn.path} fill="#000" />
        </svg>
      ) : (
        <p role="status">Making the QR code…</p>
      )}
      <figcaption>Scan to join from a phone</figcaption>
    </figure>
  );
}

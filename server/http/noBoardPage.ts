// The pages for a board link that leads nowhere and for any other address with nothing
// behind it: self-contained (no client build needed), so they work even when the app
// itself does not load, and in words, with a way home.
import { createHash } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from './responses.ts';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #212529; background: #f8f9fa; margin: 0; }
  main { max-width: 32rem; margin: 15vh auto; padding: 0 1.5rem; }
  h1 { font-size: 1.5rem; }
  a { color: #1971c2; }
`;

/** The app's policy, with this page's one inline style allowed by its hash. */
export const NO_BOARD_PAGE_CSP = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  `style-src 'self' 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Beliefmap</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Any other address: a mistyped or shortened link (/boards/… for /b/…) is the usual cause. */
export const NO_PAGE = page(
  'Page not found',
  `  <h1>There is nothing at this address</h1>
  <p>This is not a page of Beliefmap. If someone shared a board with you, check that the whole link was
  copied: a board's link starts with <code>/b/</code> and ends with a long code after a <code>#</code>.</p>
  <p><a href="/">Go to the Beliefmap home page</a> to start a board or open one you visited before.</p>`,
);

export const NO_BOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>No board here · Beliefmap</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>There is no board at this link</h1>
  <p>Check that the link is complete — boards are created on purpose, so a link with a typo leads nowhere.
  Ask whoever shared it for the link again, or start a board of your own.</p>
  <p><a href="/">Go to the Beliefmap home page</a></p>
</main>
</body>
</html>
`;

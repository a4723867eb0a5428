// Entry point: mounts the app and brings in the one stylesheet.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element to mount Beliefmap into.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

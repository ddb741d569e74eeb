import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/** An A4 page drawn at its width (794 CSS px), scaled down to fit the column it sits in (never up). */
export function ScaledA4({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const fit = () => setZoom(Math.min(1, el.clientWidth / 794));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div ref={box} style={{ width: '100%', overflow: 'hidden' }}>
      <div style={{ zoom }}>{children}</div>
    </div>
  );
}

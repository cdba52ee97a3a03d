import { useId, type ReactNode } from "react";
import { vehicleLook, type Choice } from "./vehicle-look";

/** A side view of the vehicle composed from the choices: paint, wheels, roof and a few visible options. */
export function VehiclePicture({ choices, className }: { readonly choices: readonly Choice[]; readonly className?: string }): ReactNode {
  const look = vehicleLook(choices);
  const id = useId().replace(/:/g, "");
  const body = look.paint?.fill ?? "#d5dbe1";
  const r = 20 + (look.wheelInches - 15) * 2.2; // wheel radius grows with the rim
  const rim = r * (0.52 + (look.wheelInches - 15) * 0.025);
  const wheels = [118, 372];
  const groundY = 214;
  const wheelY = groundY - r;
  return (
    <svg className={className ?? "vehicle"} viewBox="0 0 480 230" role="img" aria-labelledby={`${id}-t`} data-wheels={look.wheelInches} data-roof={look.roof} data-paint={body}>
      <title id={`${id}-t`}>{look.description}</title>
      <defs>
        <linearGradient id={`${id}-shine`} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#fff" stopOpacity="0.45" />
          <stop offset="0.45" stopColor="#fff" stopOpacity="0.05" />
          <stop offset="1" stopColor="#000" stopOpacity="0.18" />
        </linearGradient>
        <linearGradient id={`${id}-glass`} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#cfe3f5" />
          <stop offset="1" stopColor="#6f8fab" />
        </linearGradient>
      </defs>
      <ellipse cx="245" cy={groundY + 4} rx="215" ry="8" fill="#000" opacity="0.15" />
      {look.spoiler && <path d="M22 112 L60 108 L62 116 L26 120 Z" fill="#222" />}
      {/* body */}
      <path
        d="M30 170 C28 140 40 126 70 120 L140 112 C165 84 190 64 236 60 L318 60 C350 62 372 84 398 112 L440 120 C462 126 468 146 466 170 L466 186 L30 186 Z"
        fill={body}
        stroke="#2b3540"
        strokeWidth="2.5"
        className="vehicle-body"
      />
      <path d="M30 170 C28 140 40 126 70 120 L140 112 C165 84 190 64 236 60 L318 60 C350 62 372 84 398 112 L440 120 C462 126 468 146 466 170 L466 186 L30 186 Z" fill={`url(#${id}-shine)`} />
      {/* roof */}
      {look.roofColour && <path d="M170 80 C190 66 212 60 236 60 L318 60 C340 61 356 68 368 80 Z" fill={look.roofColour.fill} stroke="#2b3540" strokeWidth="2" className="roof-colour" />}
      {look.roof === "glass" && <path d="M186 70 C202 63 218 62 238 62 L316 62 C334 63 348 68 358 75 L190 75 Z" fill={`url(#${id}-glass)`} stroke="#2b3540" strokeWidth="1.5" className="roof-glass" />}
      {look.roof === "sunroof" && <rect x="238" y="61.5" width="64" height="7" rx="2" fill={`url(#${id}-glass)`} stroke="#2b3540" strokeWidth="1.2" className="roof-glass" />}
      {look.roofRails && (
        <g stroke="#2b3540" strokeWidth="3" strokeLinecap="round">
          <line x1="200" y1="56" x2="350" y2="56" />
          <line x1="210" y1="56" x2="212" y2="62" />
          <line x1="338" y1="56" x2="336" y2="62" />
        </g>
      )}
      {/* windows */}
      <path d="M158 114 C176 92 198 78 236 76 L262 76 L262 114 Z" fill={`url(#${id}-glass)`} stroke="#2b3540" strokeWidth="2" />
      <path d="M272 76 L316 76 C342 78 360 94 378 114 L272 114 Z" fill={`url(#${id}-glass)`} stroke="#2b3540" strokeWidth="2" />
      <line x1="267" y1="76" x2="267" y2="184" stroke="#2b3540" strokeWidth="2" opacity="0.6" />
      <line x1="162" y1="118" x2="162" y2="184" stroke="#2b3540" strokeWidth="1.5" opacity="0.45" />
      <line x1="376" y1="118" x2="376" y2="176" stroke="#2b3540" strokeWidth="1.5" opacity="0.45" />
      <rect x="226" y="126" width="22" height="5" rx="2" fill="#2b3540" opacity="0.7" />
      <rect x="290" y="126" width="22" height="5" rx="2" fill="#2b3540" opacity="0.7" />
      {/* lights */}
      <path d="M448 132 L466 136 L466 150 L452 148 Z" fill="#fff4c2" stroke="#2b3540" strokeWidth="1.5" />
      <path d="M30 134 L44 132 L44 148 L30 150 Z" fill="#d1413a" stroke="#2b3540" strokeWidth="1.5" />
      {look.towHitch && <path d="M30 176 L12 176 L12 182 L30 182 M10 172 a6 6 0 1 0 0.1 0" stroke="#2b3540" strokeWidth="3" fill="none" className="tow-hitch" />}
      {/* wheels */}
      {wheels.map((cx) => (
        <g key={cx} className="wheel">
          <circle cx={cx} cy={wheelY} r={r + 6} fill="#2b3540" opacity="0.35" />
          <circle cx={cx} cy={wheelY} r={r} fill="#1a1c1f" />
          <circle cx={cx} cy={wheelY} r={rim} fill={look.wheelStyle === "steel" ? "#9aa3ad" : "#d9dee3"} stroke="#6b7480" strokeWidth="1.5" />
          {Array.from({ length: look.wheelStyle === "sport" ? 10 : look.wheelStyle === "alloy" ? 5 : 0 }, (_, i) => {
            const a = (i / (look.wheelStyle === "sport" ? 10 : 5)) * Math.PI * 2;
            return <line key={i} x1={cx} y1={wheelY} x2={cx + Math.cos(a) * rim * 0.92} y2={wheelY + Math.sin(a) * rim * 0.92} stroke="#6b7480" strokeWidth={look.wheelStyle === "sport" ? 2 : 5} strokeLinecap="round" />;
          })}
          {look.wheelStyle === "steel" && <circle cx={cx} cy={wheelY} r={rim * 0.6} fill="none" stroke="#6b7480" strokeWidth="2" strokeDasharray="3 4" />}
          <circle cx={cx} cy={wheelY} r={rim * 0.18} fill="#4a525c" />
        </g>
      ))}
    </svg>
  );
}

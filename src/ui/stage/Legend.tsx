// The key to the packet drawing: each packet kind's shape and colour, the drop mark and the loopback ring.
import type { ReactNode } from 'react';
import { DROP_PATH, LEGEND_ORDER, PACKET_OUTLINE, PACKET_STYLES } from '../../view/packetStyle';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="legend-icon" width="20" height="20" viewBox="-10 -10 20 20" aria-hidden="true">
      {children}
    </svg>
  );
}

export function Legend() {
  return (
    <div className="legend">
      <h2 className="legend-title">Key</h2>
      <ul>
        {LEGEND_ORDER.map((group) => {
          const style = PACKET_STYLES[group];
          return (
            <li key={group}>
              <Icon>
                {style.hollow ? (
                  <path d={style.path} fill="none" stroke={style.fill} strokeWidth={3} />
                ) : (
                  <path d={style.path} fill={style.fill} stroke={PACKET_OUTLINE} strokeWidth={1.25} />
                )}
              </Icon>
              {style.label}
            </li>
          );
        })}
        <li>
          <Icon>
            <path d={DROP_PATH} stroke="#1d1d1f" strokeWidth={3} strokeLinecap="round" />
          </Icon>
          Dropped by NLB
        </li>
        <li>
          <Icon>
            <circle r={6.5} fill="none" stroke="#0072B2" strokeWidth={2} strokeDasharray="3 2" />
          </Icon>
          Loopback
        </li>
      </ul>
    </div>
  );
}

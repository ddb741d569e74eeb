import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { rolesAllow, type TMe, type TPermission } from '@baosong/contract';
import { api, ApiError, setCsrfToken, setOnUnauthenticated } from '../../api/client';

interface Auth {
  me: TMe | null;
  loading: boolean;
  login(username: string, password: string): Promise<TMe>;
  logout(): Promise<void>;
  setMe(me: TMe): void;
  can(p: TPermission): boolean;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<TMe | null>(null);
  const [loading, setLoading] = useState(true);
  const qc = useQueryClient();
  const setMe = useCallback((m: TMe | null) => {
    setCsrfToken(m?.csrfToken ?? null);
    setMeState(m);
  }, []);

  useEffect(() => {
    setOnUnauthenticated(() => {
      setMe(null);
      qc.clear();
    });
    api
      .get<TMe>('/api/auth/me')
      .then(setMe)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
      })
      .finally(() => setLoading(false));
  }, [qc, setMe]);

  const value = useMemo<Auth>(
    () => ({
      me,
      loading,
      setMe,
      async login(username, password) {
        const m = await api.post<TMe>('/api/auth/login', { username, password });
        qc.clear();
        setMe(m);
        return m;
      },
      async logout() {
        try {
          await api.post('/api/auth/logout');
        } finally {
          qc.clear();
          setMe(null);
        }
      },
      can: (p) => (me ? rolesAllow(me.roles, p) : false),
    }),
    [me, loading, qc, setMe],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (!v) throw new Error('AuthProvider missing');
  return v;
}

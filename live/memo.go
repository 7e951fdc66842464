package live

// maxMemos bounds what Memo keeps between two writes: the derived answers
// of the pages people open (a district's weekly trend), not every day of
// every unit someone once asked for.
const maxMemos = 4096

// Memo returns what fn computes for key, computed once while the log
// stands where it is: the next write anywhere (any entry the model
// applies) forgets every memo. It is for answers derived from many rows
// that only writes change — a district's weekly trend, recomputed from
// its whole value history — and that do not depend on who asks: ask
// Access before, not inside. Callers must not change what they get.
func (m *Model) Memo(key string, fn func() (any, error)) (any, error) {
	m.mu.RLock()
	seq := m.seq
	v, ok := m.memo[key]
	ok = ok && m.memoSeq == seq
	m.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := fn()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seq != seq {
		return v, nil // a write came meanwhile: v may be stale for the next reader
	}
	if m.memoSeq != seq || len(m.memo) >= maxMemos {
		m.memo, m.memoSeq = map[string]any{}, seq
	}
	m.memo[key] = v
	return v, nil
}

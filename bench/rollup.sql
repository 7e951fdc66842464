-- The national rollup as one query: for every commune, the number of
-- criteria whose indicators all have a confirmed value meeting the bound for
-- the commune's class; then how many communes meet 0, 1, ... 19 criteria.
-- The same rules as status.EvaluateUnit and Measure.Satisfies (a ratio is a
-- percentage for percent kinds, 1e-9 of slack; an unknown threshold is
-- never met). Tables: see bench/sql-rollup.sh.
WITH judged AS (
  SELECT v.unit_id, i.criterion_code,
    CASE
      WHEN v.state <> 'confirmed' OR NOT b.known THEN false
      WHEN i.kind = 'pass_fail' THEN v.mkind = 'bool' AND v.b
      WHEN i.kind = 'none_allowed' THEN
        CASE v.mkind WHEN 'bool' THEN v.b WHEN 'number' THEN v.num = 0 ELSE false END
      WHEN i.kind = 'percent_max' THEN coalesce(q.q <= b.value + 1e-9::float8, false)
      ELSE coalesce(q.q >= b.value - 1e-9::float8, false)
    END AS met
  FROM val v
  JOIN unit u ON u.unit_id = v.unit_id
  JOIN indicator i ON i.code = v.indicator_code
  JOIN bound b ON b.class = u.class AND b.indicator_code = v.indicator_code
  CROSS JOIN LATERAL (
    SELECT CASE v.mkind
      WHEN 'number' THEN v.num
      WHEN 'ratio' THEN
        CASE WHEN v.den = 0 THEN NULL
             WHEN i.kind IN ('percent_min', 'percent_max') THEN v.numer * 100 / v.den
             ELSE v.numer / v.den END
    END AS q
  ) q
),
criteria_met AS (
  SELECT j.unit_id, j.criterion_code
  FROM judged j JOIN criterion c ON c.code = j.criterion_code
  WHERE j.met
  GROUP BY j.unit_id, j.criterion_code, c.indicators
  HAVING count(*) = c.indicators
),
per_unit AS (
  SELECT u.unit_id, count(cm.criterion_code) AS met
  FROM unit u LEFT JOIN criteria_met cm ON cm.unit_id = u.unit_id
  GROUP BY u.unit_id
)
SELECT met, count(*) AS units FROM per_unit GROUP BY met ORDER BY met;

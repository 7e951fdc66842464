package weekly

import (
	"context"

	"github.com/datchuan/datchuan"
	"github.com/datchuan/datchuan/rollup"
)

// OfTargets measures each of a plan's targets on day with ru: a target
// district with its communes, any other target unit on its own. It is what
// a round keeps when it closes, whoever closes it: the service at the end
// of a week, or the demo seeding the weeks before its clock.
func OfTargets(ctx context.Context, ru *rollup.Service, targets []*datchuan.Target, day datchuan.Date) (Index, error) {
	x := Index{}
	for _, t := range targets {
		u, err := ru.Tree.Unit(ctx, t.UnitID)
		if err != nil {
			return nil, err
		}
		if u.Level == datchuan.LevelDistrict {
			ds, err := ru.District(ctx, u.Code, day)
			if err != nil {
				return nil, err
			}
			x.AddDistrict(ds)
			continue
		}
		rs, err := ru.UnitOn(ctx, u, day)
		if err != nil {
			return nil, err
		}
		for i := range rs {
			x.Add(rs[i].Result)
		}
	}
	return x, nil
}

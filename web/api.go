package web

// apiRoutes registers the JSON API: the same data as the pages, for
// programs. The read side lives in api_units.go, the writes (reports,
// files, reviews) in api_values.go.
func (s *Server) apiRoutes() {
	s.private("GET /api/me", s.apiMe)
	s.private("GET /api/units", s.apiUnits)
	s.private("GET /api/units/{code}", s.apiUnit)
	s.private("GET /api/units/{code}/status", s.apiUnitStatus)
	s.private("GET /api/units/{code}/values", s.apiUnitValues)
	s.private("GET /api/units/{code}/territory", s.apiTerritory)
	s.private("GET /api/districts/{code}/status", s.apiDistrictStatus)
	s.private("GET /api/provinces/{code}/status", s.apiProvinceStatus)
	s.private("GET /api/targets/{id}/blockers", s.apiBlockers)
	s.private("GET /api/sets", s.apiSets)
	s.private("GET /api/sets/{id}", s.apiSet)
	s.private("GET /api/agencies", s.apiAgencies)
	s.private("POST /api/values", s.apiReport)
	s.private("POST /api/files", s.apiUpload)
	s.private("GET /api/queue", s.apiQueue)
	s.private("POST /api/values/{id}/review", s.apiReview)
}

package datchuan

import "fmt"

// The refusals of Access: each check returns nil when the user may, and
// otherwise the EFORBIDDEN error that says why in the user's words. Pages
// and use cases return them as they are.

func refuse(ok bool, vi, en string, args ...any) error {
	if ok {
		return nil
	}
	return NewError(EFORBIDDEN, Text{fmt.Sprintf(vi, args...), en})
}

// CheckRead refuses a user who may not see the unit at p.
func (a *Access) CheckRead(p UnitPath) error {
	return refuse(a.CanRead(p), "Bạn không có quyền xem đơn vị này", "no access to this unit")
}

// CheckInProvince refuses a user who works nowhere in the province.
func (a *Access) CheckInProvince(province string) error {
	return refuse(a.InProvince(province), "Bạn không làm việc ở tỉnh này", "no access to this province")
}

// CheckReport refuses a user who may not report for the unit at p (name).
func (a *Access) CheckReport(p UnitPath, name string) error {
	return refuse(a.CanReport(p), "Bạn không được báo cáo số liệu cho %s", "you may not report for this unit", name)
}

// CheckUpload refuses a user who reports nothing, and so uploads no
// evidence.
func (a *Access) CheckUpload() error {
	return refuse(a.Reports(), "Bạn không báo cáo số liệu nên không tải tệp lên", "you report nothing")
}

// CheckManageTasks refuses a user who may not give or update the member
// tasks of the commune at p.
func (a *Access) CheckManageTasks(p UnitPath) error {
	return refuse(a.CanReport(p), "Chỉ người báo cáo cho xã này (thành viên BCĐ xã, huyện, Văn phòng Điều phối) giao và cập nhật nhiệm vụ",
		"only those who report for this commune manage its tasks")
}

// CheckReviews refuses a user with no review queue.
func (a *Access) CheckReviews() error {
	return refuse(a.Reviews(), "Bạn không có chỉ tiêu nào cần xác nhận", "you confirm no indicators")
}

// CheckDecide refuses a user who may not confirm or return v (a value of
// criterion crit for the unit at p), saying which rule refuses.
func (a *Access) CheckDecide(p UnitPath, crit string, v *Value) error {
	if err := refuse(a.CanReview(p, v.SetID, crit, v.IndicatorCode), "Sở, ngành của bạn không phụ trách chỉ tiêu %s",
		"your department does not lead this indicator", v.IndicatorCode); err != nil {
		return err
	}
	return refuse(!a.OwnReport(v), "Không tự xác nhận số liệu do chính mình báo cáo; một cán bộ khác của cơ quan phụ trách sẽ xác nhận",
		"you cannot review your own report")
}

// CheckPlan refuses a user who may not write plans and assignments for the
// unit at p.
func (a *Access) CheckPlan(p UnitPath) error {
	return refuse(a.CanPlan(p), "Chỉ Văn phòng Điều phối lập và sửa kế hoạch, phân công", "only the coordination office writes plans and assignments")
}

// CheckMarkDone refuses a user who may not mark an assignment of the unit
// at p, led by the agency lead, done or open again.
func (a *Access) CheckMarkDone(p UnitPath, lead int64) error {
	return refuse(a.CanMarkDone(p, lead), "Chỉ cơ quan chủ trì phân công này hoặc Văn phòng Điều phối đánh dấu xong hoặc mở lại",
		"only the lead agency of the assignment or the coordination office marks it done")
}

// CheckDraftApprovals refuses a user who drafts no approval item in the
// province.
func (a *Access) CheckDraftApprovals(province string) error {
	return refuse(a.CanDraftApprovals(province), "Chỉ sở, ngành hoặc Văn phòng Điều phối lập hồ sơ trình phê duyệt",
		"only departments and the coordination office draft approvals")
}

// CheckSeeApproval refuses a user who may not see item x of province.
func (a *Access) CheckSeeApproval(x *Approval, province string) error {
	if err := a.CheckInProvince(province); err != nil {
		return err
	}
	return refuse(a.CanSeeApproval(x, province), "Hồ sơ còn là dự thảo của cơ quan chuẩn bị", "the approval is still a draft of its agency")
}

// CheckMoveApproval refuses a user who may not move item x to state to.
func (a *Access) CheckMoveApproval(x *Approval, province string, to ApprovalState) error {
	if to == ApprovalSubmitted {
		return refuse(a.CanMoveApproval(x, province, to), "Chỉ cơ quan chuẩn bị hồ sơ hoặc Văn phòng Điều phối trình hồ sơ này",
			"only its agency or the coordination office submits it")
	}
	return refuse(a.CanMoveApproval(x, province, to), "Văn phòng Điều phối ghi nhận quyết định của UBND tỉnh",
		"the coordination office records the committee's decision")
}

// CheckDecideApproval refuses a user who does not record the committee's
// decisions in the province.
func (a *Access) CheckDecideApproval(province string) error {
	return refuse(a.CanDecideApproval(province), "Văn phòng Điều phối ghi nhận quyết định của UBND tỉnh",
		"the coordination office records the committee's decision")
}

// CheckPublishes refuses a user who publishes no guidance in the province.
func (a *Access) CheckPublishes(province string) error {
	return refuse(a.Publishes(province), "Chỉ sở, ngành chủ trì tiêu chí hoặc Văn phòng Điều phối ban hành hướng dẫn",
		"only the lead department or the coordination office publishes guidance")
}

// CheckPublish refuses a user who may not publish guidance of a criterion
// (code) whose lead is the agency lead.
func (a *Access) CheckPublish(province string, lead int64, code string) error {
	return refuse(a.CanPublish(province, lead), "Sở, ngành của bạn không chủ trì tiêu chí %s nên không ban hành hướng dẫn cho tiêu chí này",
		"your department does not lead this criterion", code)
}

// CheckReadAttachment refuses a user who may not read attachment f (see
// CanReadAttachment).
func (a *Access) CheckReadAttachment(f *Attachment, citing []UnitPath) error {
	return refuse(a.CanReadAttachment(f, citing), "Bạn không có quyền xem tệp này", "no access to this file")
}

// CheckAdmin refuses anyone but an administrator.
func (a *Access) CheckAdmin() error {
	return refuse(a.Admin(), "Chỉ quản trị hệ thống được dùng trang này", "administrators only")
}

// CheckAudit refuses a user who may not read the change log of the
// province (every province, for province "").
func (a *Access) CheckAudit(province string) error {
	all, provs := a.AuditProvinces()
	ok := all || province == "" && len(provs) > 0 || province != "" && a.CanAudit(province)
	return refuse(ok, "Chỉ Văn phòng Điều phối (tỉnh mình) và quản trị hệ thống xem nhật ký thay đổi",
		"only the coordination office and administrators read the change log")
}

// UnverifiedForm is the refusal of a state change whose form token does
// not match the session's: an expired session, or a forged request.
func UnverifiedForm() error {
	return refuse(false, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại", "invalid CSRF token")
}

// CrossOrigin is the refusal of a state change sent from another site.
func CrossOrigin() error {
	return refuse(false, "Yêu cầu từ trang web khác bị từ chối", "cross-origin request refused")
}

// CheckRunRounds refuses a user who does not run the province's rounds of
// weekly reports.
func (a *Access) CheckRunRounds(province string) error {
	return refuse(a.CanRunRounds(province), "Chỉ Văn phòng Điều phối mở, đóng đợt báo cáo và trả lại báo cáo",
		"only the coordination office opens and closes rounds and returns reports")
}

// CheckSpeaksFor refuses a user who does not write the weekly report of
// the agency attached to the unit at p.
func (a *Access) CheckSpeaksFor(ag *Agency, p UnitPath) error {
	return refuse(a.SpeaksFor(ag, p), "Chỉ cán bộ của cơ quan này viết báo cáo tuần của cơ quan",
		"only the agency's own officers write its weekly report")
}

// CheckRaiseObstacle refuses a user who may not raise an obstacle of the
// unit at p.
func (a *Access) CheckRaiseObstacle(p UnitPath) error {
	return refuse(a.CanRaiseObstacle(p), "Chỉ đơn vị báo cáo, các sở và Văn phòng Điều phối ghi vướng mắc của đơn vị này",
		"only the unit's reporters, the departments and the coordination office raise its obstacles")
}

// CheckWorkObstacle refuses a user who may not move an obstacle of the
// unit at p owned by owner.
func (a *Access) CheckWorkObstacle(p UnitPath, owner *Agency) error {
	return refuse(a.CanWorkObstacle(p, owner), "Chỉ cơ quan chịu trách nhiệm hoặc Văn phòng Điều phối cập nhật vướng mắc này",
		"only the owning agency or the coordination office updates this obstacle")
}

// CheckInspectsIn refuses a user who plans no site inspection in the
// province.
func (a *Access) CheckInspectsIn(province string) error {
	return refuse(a.InspectsIn(province), "Chỉ Văn phòng Điều phối và các sở, ngành lập kế hoạch kiểm tra thực tế",
		"only the coordination office and the departments plan site inspections")
}

// CheckInspect refuses a user who may not record or edit an inspection of
// the province carried out by the agency.
func (a *Access) CheckInspect(province string, agency int64) error {
	return refuse(a.CanInspect(province, agency), "Chỉ cơ quan tiến hành kiểm tra hoặc Văn phòng Điều phối ghi và sửa đợt kiểm tra này",
		"only the inspecting agency or the coordination office records and edits this inspection")
}

// CheckSeeInspection refuses a user who may not read an inspection of the
// province visiting the units at visited.
func (a *Access) CheckSeeInspection(province string, visited []UnitPath) error {
	return refuse(a.CanSeeInspection(province, visited), "Bạn không có quyền xem đợt kiểm tra này", "no access to this inspection")
}

// CheckKeepDossiers refuses a user who does not keep the province's
// recognition dossiers, their templates and the recognition decisions.
func (a *Access) CheckKeepDossiers(province string) error {
	return refuse(a.CanKeepDossiers(province), "Chỉ Văn phòng Điều phối lập, sửa hồ sơ đề nghị công nhận, mẫu hồ sơ và quyết định công nhận",
		"only the coordination office keeps recognition dossiers, their templates and recognition decisions")
}

// CheckWorkDossierItem refuses a user who may not update a paper of the
// dossier of the district at p prepared by owner (see CanWorkDossierItem).
func (a *Access) CheckWorkDossierItem(p UnitPath, owner *Agency, ownerPath UnitPath) error {
	return refuse(a.CanWorkDossierItem(p, owner, ownerPath), "Chỉ cơ quan chịu trách nhiệm giấy tờ này hoặc Văn phòng Điều phối cập nhật nó",
		"only the agency preparing this paper or the coordination office updates it")
}

// CheckSeeMeetings refuses a user who may not read the meetings of the
// unit at p.
func (a *Access) CheckSeeMeetings(p UnitPath) error {
	return refuse(a.CanSeeMeetings(p), "Bạn không có quyền xem các cuộc họp Ban Chỉ đạo này",
		"no access to these steering-committee meetings")
}

// CheckRunMeetings refuses a user who does not run the meetings of the
// unit at p.
func (a *Access) CheckRunMeetings(p UnitPath) error {
	return refuse(a.CanRunMeetings(p), "Chỉ Ban Chỉ đạo huyện (huyện mình) và Văn phòng Điều phối tổ chức, ghi các cuộc họp này",
		"only the district's own committee and the coordination office run these meetings")
}

// CheckReadNational refuses a user who does not read the national page.
func (a *Access) CheckReadNational() error {
	return refuse(a.CanReadNational(), "Chỉ Văn phòng Điều phối Trung ương xem số liệu toàn quốc",
		"only the central coordination office reads the national figures")
}

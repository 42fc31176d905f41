"""Administrative procedures: fields, announcing decision, forms, fees, processing times,
one-stop deadlines and the feedback address (QC49 Điều 20, 23; NĐ 63/2010; TT 02/2017)."""

from __future__ import annotations

from collections.abc import Callable

from generator.audit.checks.base import check
from generator.audit.checks.posting import expiring_postings
from generator.audit.context import AuditContext, describe, value_at
from generator.audit.registry import Obligation
from generator.audit.report import Finding, Status
from generator.check.load import Loc
from generator.models import Procedure
from generator.models.procedure import SubmissionMethod
from generator.present.format import format_date

Gap = tuple[Loc, str]


def _procedures(ctx: AuditContext, obligation: Obligation) -> list[Procedure]:
    return ctx.records(obligation, Procedure)


def _per_procedure(ctx: AuditContext, obligation: Obligation,
                   gaps_of: Callable[[Procedure], list[Gap]], met_text: str) -> list[Finding]:
    """One `missing` finding per procedure with gaps, then one `met` for the rest."""
    procedures = _procedures(ctx, obligation)
    if not procedures:
        return [ctx.no_record(obligation, "thủ tục hành chính công khai nào", ["procedure"])]
    findings, complete = [], []
    for procedure in procedures:
        gaps = gaps_of(procedure)
        if gaps:
            text = "; ".join(message for _, message in gaps)
            findings.append(ctx.finding(obligation, Status.MISSING, f"thủ tục {describe(procedure)}: {text}",
                                        [(procedure, loc) for loc, _ in gaps]))
        else:
            complete.append(procedure)
    if complete:
        met = ctx.finding(obligation, Status.MET, f"{len(complete)} thủ tục {met_text}", complete)
        findings.insert(0, met)
    return findings


def _fee_gaps(procedure: Procedure) -> list[Gap]:
    """A fee record, a fee written in the procedure (amount or words) or a note is a fee rule."""
    return [(("methods", index), f"cách thức '{method.kind.value}' chưa ghi phí, lệ phí "
             "(thêm 'fees', 'charges' hoặc 'fee_note: Không thu phí')")
            for index, method in enumerate(procedure.methods)
            if not method.fees and not method.charges and not method.fee_note]


def _time_gap(method: SubmissionMethod) -> str | None:
    time = method.processing_time
    if time is None:
        return f"cách thức '{method.kind.value}' chưa ghi thời hạn giải quyết"
    if time.amount == 0 and not time.note and not time.text:
        return (f"cách thức '{method.kind.value}' ghi thời hạn 0 mà không có ghi chú "
                "(ví dụ: trả kết quả ngay trong ngày)")
    return None


def _time_gaps(procedure: Procedure) -> list[Gap]:
    return [(("methods", index, "processing_time") if method.processing_time else ("methods", index), text)
            for index, method in enumerate(procedure.methods) if (text := _time_gap(method))]


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _field_gaps(required: list[str]) -> Callable[[Procedure], list[Gap]]:
    def gaps(procedure: Procedure) -> list[Gap]:
        found: list[Gap] = []
        for dotted in required:
            loc = tuple(dotted.split("."))
            if _empty(value_at(procedure, loc)):
                found.append((loc[:1], f"thiếu '{dotted}'"))
        for index, item in enumerate(procedure.dossier):
            shown_only = item.note or "xuất trình" in item.name.lower()  # shown, not handed in
            if not (item.originals or item.copies) and not shown_only:
                found.append((("dossier", index), f"giấy tờ '{item.name}' chưa ghi số bản chính, bản sao"))
        return found + _fee_gaps(procedure) + _time_gaps(procedure)

    return gaps


@check("procedure_fields")
def procedure_fields(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    return _per_procedure(ctx, obligation, _field_gaps(obligation.param("required")),
                          "có đủ các trường theo Cơ sở dữ liệu quốc gia về thủ tục hành chính")


@check("procedure_fees")
def procedure_fees(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    return _per_procedure(ctx, obligation, _fee_gaps, "ghi rõ phí, lệ phí (hoặc không thu phí)")


@check("procedure_processing_time")
def procedure_processing_time(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    return _per_procedure(ctx, obligation, _time_gaps, "ghi thời hạn giải quyết cho từng cách thức")


def _decision_gaps(ctx: AuditContext) -> Callable[[Procedure], list[Gap]]:
    def gaps(procedure: Procedure) -> list[Gap]:
        decision = procedure.announcing_decision
        if decision is None:
            return [(("code",), "chưa ghi quyết định công bố ('announcing_decision')")]
        if decision.date is None:
            return [(("announcing_decision", "number"),
                     f"quyết định công bố {decision.number} chưa ghi ngày ban hành")]
        if decision.date > ctx.today:
            return [(("announcing_decision", "date"),
                     f"quyết định công bố {decision.number} ngày {format_date(decision.date)} chưa ban hành")]
        return []

    return gaps


@check("procedure_decision")
def procedure_decision(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    findings = _per_procedure(ctx, obligation, _decision_gaps(ctx), "có quyết định công bố (số, ngày)")
    findings.extend(expiring_postings(ctx, obligation, _procedures(ctx, obligation)))
    return findings


def _form_gaps(words: list[str]) -> Callable[[Procedure], list[Gap]]:
    def gaps(procedure: Procedure) -> list[Gap]:
        return [(("dossier", index, "name"), f"'{item.name}' là mẫu đơn, tờ khai nhưng chưa gắn mẫu ('form')")
                for index, item in enumerate(procedure.dossier)
                if item.form is None and item.form_name is None and item.form_url is None
                and item.name.lower().startswith(tuple(words))]

    return gaps


@check("procedure_forms")
def procedure_forms(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    return _per_procedure(ctx, obligation, _form_gaps(obligation.param("form_words")),
                          "có mẫu đơn, tờ khai đính kèm (hoặc không cần mẫu)")


@check("one_stop_deadlines")
def one_stop_deadlines(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    modes = set(obligation.param("one_stop_modes"))
    one_stop = [procedure for procedure in _procedures(ctx, obligation)
                if procedure.one_stop is not None and procedure.one_stop.value in modes]
    if not one_stop:
        return [ctx.finding(obligation, Status.NOT_APPLICABLE,
                            "không có thủ tục một cửa, liên thông công khai")]
    gaps = [(procedure, loc, text) for procedure in one_stop for loc, text in _time_gaps(procedure)]
    findings = [ctx.finding(obligation, Status.MISSING, f"thủ tục {describe(procedure)}: {text}",
                            [(procedure, loc)]) for procedure, loc, text in gaps]
    findings.insert(0, ctx.finding(
        obligation, Status.MET,
        f"{len(one_stop)} thủ tục một cửa, liên thông công khai thời hạn giải quyết; "
        "việc báo kịp thời khi cần thêm thời gian là theo từng hồ sơ, không kiểm tra trên bảng",
        one_stop))
    return findings


@check("feedback_address")
def feedback_address(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    office = ctx.board.office
    if office is None:
        return [ctx.finding(obligation, Status.MISSING, "chưa có tệp board.yaml mô tả cơ quan")]
    if office.sample:
        return [ctx.finding(obligation, Status.MISSING,
                            "board.yaml vẫn là thông tin mẫu (sample: true): điền địa chỉ tiếp nhận phản "
                            "ánh, kiến nghị thật rồi xóa dòng 'sample: true'", [(office, ("sample",))])]
    absent = [key for key in obligation.param("required") if _empty(getattr(office.feedback, key, None))]
    if absent:
        return [ctx.finding(obligation, Status.MISSING,
                            f"địa chỉ tiếp nhận phản ánh, kiến nghị ('feedback') thiếu: {', '.join(absent)}",
                            [(office, ("feedback",))])]
    return [ctx.finding(obligation, Status.MET,
                        f"có địa chỉ tiếp nhận phản ánh, kiến nghị: {office.feedback.agency}",
                        [(office, ("feedback",))])]


"""Section vocabulary: which headings hold findings, which restate them, which are not findings.

Data, not rules for one document: each pattern lists words in the languages reviews are written
in (English, Chinese, Japanese, Korean, Spanish, Portuguese, German, French, Russian).
"""

import re
from functools import lru_cache

CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
"""Kana, CJK ideographs and Hangul: languages written without spaces between words (a class body)."""
CJK_CHAR = re.compile(f"[{CJK}]")

ISSUE_HEAD = re.compile(
    r"\b(issues?|findings?|bugs?|problems?|defects?|risks?|concerns?|vulnerabilit(y|ies)|weakness(es)?|smells?|"
    r"debt|errors?|flaws?|hazards?|pitfalls?|nits?|nitpicks?|suggestions?|fixes|to ?do|"
    r"problemas?|hallazgos?|riesgos?|fallos?|errores|probleme|befunde|fehler|risiken|probl[eè]mes?|"
    r"d[ée]fauts?|проблемы|ошибки|риски|замечания|erros|falhas|defeitos|inconsist[eê]ncias|inconsistencias|"
    r"m[aä]ngel|schwachstellen|erreurs|anomalies)\b|"
    r"问题|缺陷|风险|隐患|漏洞|錯誤|問題|缺陷|風險|課題|指摘|不具合|不備|エラー|バグ|欠陥|リスク|脆弱性|注意|改善|"
    r"문제|이슈|위험|결함|오류|버그",
    re.I,
)
"""A heading that says its contents are problems."""

PRAISE_HEAD = re.compile(
    r"\b(grades?|strengths?|positives?|what('s| is) (good|done well)|what works|highlights?|praise|kudos|"
    r"well done|good practices|strong points|non-issues?|not (an )?issues?|false positives?|refuted|"
    r"fortalezas|puntos fuertes|aspectos positivos|pontos (fortes|positivos)|points (forts|positifs)|st[aä]rken|"
    r"positive aspekte|сильные стороны|плюсы)\b|"
    r"亮点|优点|优势|良い点|良かった点|長所|장점|잘된 점|잘한 점|✅\s*(strengths|good|what|buenas|boas|bonnes)",
    re.I,
)
"""A heading that praises or refutes: nothing under it is a finding, however long the heading."""

NOT_FINDING = re.compile(
    r"^(table of contents|contents|toc|executive summary|summary|overview|introduction|background|scope|"
    r"methodology|approach|conclusions?|verdict|final thoughts|appendix|references|glossary|metrics|statistics|"
    r"test (commands|results)|how to (test|run|verify)|verification( steps)?|acknowledg(e)?ments?|"
    r"trust model|component analysis|positive|risk mitigation|mitigation|(risk|overall) assessment|"
    r"(testing|test|deployment|rollout|release) (strategy|plan|checklist|steps)|success (metrics|criteria)|"
    r"(completion|acceptance) criteria|manual testing|"
    r"resumen( ejecutivo)?|resumo( executivo)?|r[ée]sum[ée]|synth[eè]se|zusammenfassung|[uü]berblick|резюме|обзор|"
    r"conclusi[oó]n|conclus[aã]o|fazit|заключение|referencias|r[ée]f[ée]rences|refer[eê]ncias|ссылки|"
    r"metodolog[ií]a|m[ée]thodologie|methodik|методология|alcance|[aâ]mbito|port[ée]e|"
    r"(code )?review scope|scope of (the )?review|reviewed files|"
    r"(files|modules) (reviewed|changed|modified|touched|analy[sz]ed|in scope)|"
    r"archivos (revisados|mejorados|modificados|analizados)|arquivos (revisados|analisados|modificados)|"
    r"fichiers (analys[ée]s|modifi[ée]s|revus)|gepr[uü]fte dateien|проверенные файлы)\b|"
    r"^(architecture|design)(\s+(overview|notes|analysis|explanation|decisions|summary))?\W*$|"
    r"^(总结|總結|概述|概要|目录|結論|结论|まとめ|测试命令|设计|新设计|요약|개요|결론|참고 자료)",
    re.I,
)
"""A heading that starts by naming a non-finding section (description, methodology, metrics)."""

NOT_FINDING_TAIL = re.compile(r"\b(metrics|statistics)\W*$", re.I)
"""A heading that ends by naming one ('Code Quality Metrics'); a numbered one is a finding's title."""

RESTATE_HEAD = re.compile(
    r"\b(summary|recommendations?|next steps?|action (items?|plan)|priority (order|matrix)|prioriti[sz]ed|"
    r"roadmap|fix plan|remediation plan|plan|timeline|schedule|quick reference|files to (fix|change)|"
    r"quick wins|priorizaci[oó]n|recomendaciones|pr[oó]ximos pas(os|sos)|plan de acci[oó]n|recomenda[cç][oõ]es|"
    r"plano de a[cç][aã]o|prioriza[cç][aã]o|recommandations|prochaines [ée]tapes|plan d'action|empfehlungen|"
    r"n[aä]chste schritte|ma[sß]nahmenplan|рекомендации|следующие шаги|план действий)\b|"
    r"(suggested )?fix order|order of fixes|권장 ?사항|다음 단계|조치 계획|"
    r"下一步|后续|修复优先级|建议优先级|修复计划|修复顺序|次のステップ|推奨順|対応計画|修正順|참고",
    re.I,
)
"""A heading whose contents restate findings (they lend status, effort, phase; they add none)."""


@lru_cache(maxsize=1 << 12)
def restates_findings(title: str) -> bool:
    """A summary, roadmap or recommendations heading; 'Issues Found & Recommendations' names the
    issues it lists first, so it holds findings."""
    m = RESTATE_HEAD.search(title)
    return m is not None and not (_RECOMMEND.match(m.group(0)) and STRONG_ISSUE.search(title))


_RECOMMEND = re.compile(r"recommendation|recomenda|recommandation|empfehlung|рекомендац|권장", re.I)


FIXED_HEAD = re.compile(
    r"\b(?:issues?|bugs?|problems?|findings?|vulnerabilit(?:y|ies)|errors?|defects?)\s+(?:fixed|resolved|corrected)\b|"
    r"\b(?:fixed|resolved|corrected)\s+(?:issues?|bugs?|problems?|findings?|vulnerabilit(?:y|ies)|errors?|defects?)\b|"
    r"\b(?:problemas|errores|fallos)\s+(?:corregidos|resueltos)\b|\b(?:problemas|erros)\s+(?:corrigidos|resolvidos)\b|"
    r"\b(?:probl[eè]mes|erreurs|bugs)\s+(?:corrig[ée]s|r[ée]solus)\b|\bbehobene\s+(?:fehler|probleme)\b|"
    r"\bисправленные\s+(?:ошибки|проблемы)\b|"
    r"^\W*(?:fixed|resolved|corrected|corregidos?|resueltos?|corrigidos?|r[ée]solus?|corrig[ée]s?|behoben|"
    r"исправлено)\W*$|已修复的问题|已修复问题|修正済みの問題|修正済み|해결된 문제|수정된 문제",
    re.I,
)
"""A heading over findings that were found and fixed ('## Critical Issues Fixed'): each is fixed."""


@lru_cache(maxsize=1 << 12)
def names_fixed(title: str) -> bool:
    """Cached: every finding asks about each heading above it."""
    return FIXED_HEAD.search(title) is not None


STRONG_ISSUE = re.compile(
    r"\b(issues?|bugs?|problems?|findings?|defects?|concerns?|warnings?|vulnerabilit(y|ies)|problemas?|errores|fallos|hallazgos|"
    r"erros|probl[eè]mes?|erreurs|probleme|fehler|befunde|проблемы|ошибки|уязвимости)\b|问题|問題|缺陷|漏洞|문제|이슈|결함",
    re.I,
)
"""Words that make a heading a list of problems even when it also says 'future' or 'enhancements'."""

DONE_HEAD = re.compile(
    r"✅|✓|✔|\b(implemented|completed|accomplished|done|resolved|addressed|changes made|what (was|we) (done|fixed)|"
    r"(fixes|changes|improvements) (applied|made|implemented)|(added|new) features|features added|"
    r"correcciones aplicadas|cambios realizados|"
    r"corre[cç][oõ]es aplicadas|altera[cç][oõ]es realizadas|corrections appliqu[ée]es|modifications apport[ée]es|"
    r"umgesetzte [aä]nderungen|erledigt|выполненные исправления|внесённые изменения)\b|"
    r"已完成|已修复|已解决|完了|対応済|修正済|수정 완료|조치 완료",
    re.I,
)
"""A heading over work already done: its plain items report, its checkboxes are fixed findings."""

FUTURE_HEAD = re.compile(
    r"\b(future|feature (ideas|requests)|ideas|enhancements? for later|nice to have features|wishlist|"
    r"potential (improvements|enhancements)|optional improvements|mejoras futuras|ideas futuras|melhorias futuras|"
    r"am[ée]liorations futures|id[ée]es|zuk[uü]nftige|будущие улучшения|идеи)\b|潜在改进|未来|今後|향후|추후",
    re.I,
)
"""New-feature ideas: not problems found in the code."""

VERIFY_ITEM = re.compile(
    r"^\W*(?:(?:test|tests|testing|verify|run|confirm|make sure|ensure that|check that|smoke[- ]test)(?=\s)|"
    r"测试|验证|確認|テスト)",
    re.I,
)
"""A verification step ('Test with Redis loss', 'Verify no breaking changes'): not a problem found.
The verb must be a word of its own: '`run.sh:12` - …' names a file."""

NO_ISSUES = re.compile(
    r"^\W*(?:none|n/a|no (?:blocking |critical |major |high |medium |low |known |other |new )?"
    r"(?:issues?|problems?|findings?|bugs?|vulnerabilit(?:y|ies))(?: (?:found|here|identified|detected))?)\b",
    re.I,
)
"""'None', 'No blocking issues', 'No critical issues found': a report that there is nothing, not a finding."""

PRAISED = re.compile(r"^\W*✅.*[-–—:]\s*(?:excellent|good|great|solid|perfect|approved|lgtm)\b", re.I)
"""'✅ 3. `Cache.java` (NEW) - EXCELLENT': a file a review praises, not a problem in it."""

PRAISE_ITEM = re.compile(r"^\s*(✅|✔|👍|🎉|\*\*✅)")
"""An item that reports something good or done, not a problem."""

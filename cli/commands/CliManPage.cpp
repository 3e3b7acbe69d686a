// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliManPage.h"

#include "CliRegistry.h"
#include "providers/ProviderRegistry.h"

#include <QLocale>

#include <QRegularExpression>

namespace {
QString paragraph(const QString& text)
{
    return CliManPage::escaped(text) + QLatin1Char('\n');
}

QString optionTerm(const CliOption& o)
{
    QString term = QStringLiteral("\\fB\\-\\-") + CliManPage::escaped(o.name) + QStringLiteral("\\fR");
    if (!o.shortName.isEmpty())
        term = QStringLiteral("\\fB\\-") + o.shortName + QStringLiteral("\\fR, ") + term;
    if (o.takesValue())
        term += QStringLiteral(" \\fI") + CliManPage::escaped(o.valueName) + QStringLiteral("\\fR");
    return term;
}
} // namespace

QString CliManPage::escaped(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\e"));
    out.replace(QLatin1Char('-'), QStringLiteral("\\-"));
    out.replace(QStringLiteral("'"), QStringLiteral("\\(aq"));
    out.replace(QStringLiteral("\""), QStringLiteral("\\(dq"));
    // A comma inside a long word (a CSV header) may break the line there: \: prints nothing.
    static const QRegularExpression innerComma(QStringLiteral(",(?=\\S)"));
    out.replace(innerComma, QStringLiteral(",\\:"));
    if (out.startsWith(QLatin1Char('.')))
        out.prepend(QStringLiteral("\\&"));
    return out;
}

QString CliManPage::synopsis(const QString& text)
{
    // Words (runs of letters, digits, '-', '_', '.', ':', '/') are typed in one of three ways; the
    // brackets, bars and parentheses between them stay roman.
    static const QRegularExpression word(QStringLiteral("[A-Za-z0-9_.:/-]+"));
    static const QRegularExpression placeholder(QStringLiteral("^[A-Z][A-Z0-9_]*(\\.[a-z]+)?$"));
    QString out;
    qsizetype last = 0;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += escaped(text.mid(last, m.capturedStart() - last));
        const QString w = m.captured();
        if (w == QLatin1String("..."))
            out += escaped(w);
        else if (placeholder.match(w).hasMatch())
            out += QStringLiteral("\\fI") + escaped(w) + QStringLiteral("\\fR");
        else
            out += QStringLiteral("\\fB") + escaped(w) + QStringLiteral("\\fR");
        last = m.capturedEnd();
    }
    return out + escaped(text.mid(last));
}

QString CliManPage::render(const QString& date, const QString& version)
{
    QString out;
    out += QStringLiteral(".\\\" SPDX-License-Identifier: GPL-3.0-or-later\n");
    out += QStringLiteral(
        ".\\\" Generated at build time from identitydesk-cli's command registry; do not edit.\n");
    out += QStringLiteral(".TH IDENTITYDESK\\-CLI 1 \"%1\" \"IdentityDesk %2\" \"User Commands\"\n")
               .arg(date, version);
    // No hyphenation and a ragged right margin: every word of a synopsis stays whole for copying.
    out += QStringLiteral(".nh\n.ad l\n");
    out += QStringLiteral(
        ".SH NAME\nidentitydesk\\-cli \\- operator console for identity\\-verification providers, "
        "on the command line\n");
    out += QStringLiteral(".SH SYNOPSIS\n");
    for (const QString& line : CliRegistry::synopsis())
        out += QStringLiteral(".br\n") + synopsis(line) + QLatin1Char('\n');
    out += QStringLiteral(".SH DESCRIPTION\n");
    QStringList providers;
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        providers << module->displayName();
    out += paragraph(
        QStringLiteral(
            "identitydesk-cli searches end users across %1 and changes their state through one audited "
            "pipeline: reason, intent written to the audit log, approval by a second supervisor if the "
            "policy says so, send, outcome recorded. If the audit log cannot be written, nothing is sent. "
            "A timeout or a dropped connection after sending is never retried by itself: the action is "
            "listed under unresolved list for a person to check.")
            .arg(QLocale(QLocale::English).createSeparatedList(providers)));
    out += QStringLiteral(".PP\n");
    out += paragraph(QStringLiteral(
        "Every command that reads provider data or changes anything signs the operator in first. With --json "
        "every command prints one JSON document on stdout; human text otherwise; errors go to stderr."));
    out += QStringLiteral(".SH COMMANDS\n");
    for (const CliCommandSpec& spec : CliRegistry::commands()) {
        out +=
            QStringLiteral(".SS \"") + escaped(spec.word) + QStringLiteral("\"\n") + paragraph(spec.summary);
        for (const CliForm& form : spec.forms)
            out += QStringLiteral(".TP\n") + synopsis(form.synopsis) + QLatin1Char('\n') +
                   paragraph(form.description);
    }
    out += QStringLiteral(".SH OPTIONS\n");
    for (const CliOption& o : CliRegistry::globalOptions())
        out += QStringLiteral(".TP\n") + optionTerm(o) + QLatin1Char('\n') + paragraph(o.description);
    out += QStringLiteral(".SS \"Command options\"\n");
    const QList<CliOption> all = CliRegistry::allOptions();
    for (const CliOption& o : all.mid(CliRegistry::globalOptions().size())) {
        QString text = o.description + QStringLiteral(" Taken by: ") +
                       CliRegistry::commandsTaking(o.name).join(QStringLiteral(", ")) + QLatin1Char('.');
        if (o.value == CliOption::Value::Choice && o.choices.size() <= 8)
            text += QStringLiteral(" Values: ") + o.choices.join(QStringLiteral(", ")) + QLatin1Char('.');
        out += QStringLiteral(".TP\n") + optionTerm(o) + QLatin1Char('\n') + paragraph(text);
    }
    out += QStringLiteral(".SH \"EXIT STATUS\"\n");
    for (const CliExitStatus& status : CliRegistry::exitCodes())
        out += QStringLiteral(".TP\n.B %1\n").arg(status.code) + paragraph(status.meaning);
    out += QStringLiteral(".SH ENVIRONMENT\n");
    for (const auto& [name, meaning] : CliRegistry::environment())
        out += QStringLiteral(".TP\n.B ") + escaped(name) + QLatin1Char('\n') + paragraph(meaning);
    out += QStringLiteral(".SH FILES\n");
    for (const auto& [path, meaning] : CliRegistry::files())
        out += QStringLiteral(".TP\n.I ") + escaped(path) + QLatin1Char('\n') + paragraph(meaning);
    out += QStringLiteral(".SH EXAMPLES\n.nf\n");
    for (const CliCommandSpec& spec : CliRegistry::commands()) {
        for (const QString& example : spec.examples)
            out += escaped(example) + QLatin1Char('\n');
    }
    out += QStringLiteral(".fi\n");
    out += QStringLiteral(".SH \"SEE ALSO\"\n.BR identitydesk (1),\n.BR identitydesk\\-sandbox (1)\n");
    return out;
}

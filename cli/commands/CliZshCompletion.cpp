// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliZshCompletion.h"

#include "CliRegistry.h"

namespace {
/// The first sentence of text, escaped for an _arguments description inside single quotes.
QString brief(const QString& text)
{
    QString s = text.section(QStringLiteral(". "), 0, 0);
    if (s.endsWith(QLatin1Char('.')))
        s.chop(1);
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    s.replace(QLatin1Char('['), QStringLiteral("\\["));
    s.replace(QLatin1Char(']'), QStringLiteral("\\]"));
    s.replace(QLatin1Char(':'), QStringLiteral("\\:"));
    s.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
    return s;
}

QString action(const CliOption& o)
{
    switch (o.value) {
    case CliOption::Value::None:
        return QString();
    case CliOption::Value::Text:
        return QStringLiteral(":%1: ").arg(o.valueName);
    case CliOption::Value::File:
        return o.fileGlob.isEmpty() ? QStringLiteral(":%1:_files").arg(o.valueName)
                                    : QStringLiteral(":%1:_files -g \"%2\"").arg(o.valueName, o.fileGlob);
    case CliOption::Value::Choice:
        return QStringLiteral(":%1:(%2)").arg(o.valueName, o.choices.join(QLatin1Char(' ')));
    case CliOption::Value::Store:
        return QStringLiteral(":%1:(sqlite\\: postgresql\\://)").arg(o.valueName);
    }
    return QString();
}

QString spec(const CliOption& o)
{
    const QString text = QLatin1Char('[') + brief(o.description) + QLatin1Char(']') + action(o);
    if (o.name == QLatin1String("help") || o.name == QLatin1String("version")) {
        const QString names = o.shortName.isEmpty() ? QStringLiteral("--") + o.name
                                                    : QStringLiteral("{-%1,--%2}").arg(o.shortName, o.name);
        return QStringLiteral("    '(- *)'%1'%2'").arg(names, text);
    }
    return QStringLiteral("    '--%1%2'").arg(o.name, text);
}
} // namespace

QString CliZshCompletion::render()
{
    QString out =
        QStringLiteral("#compdef identitydesk-cli\n"
                       "# SPDX-License-Identifier: GPL-3.0-or-later\n"
                       "# Generated at build time from identitydesk-cli's command registry; do not edit.\n\n"
                       "_identitydesk-cli() {\n"
                       "  local curcontext=$curcontext state line ret=1\n"
                       "  typeset -A opt_args\n"
                       "  local -a global_options commands\n"
                       "  global_options=(\n");
    for (const CliOption& o : CliRegistry::globalOptions())
        out += spec(o) + QLatin1Char('\n');
    out += QStringLiteral("  )\n  commands=(\n");
    for (const CliCommandSpec& c : CliRegistry::commands())
        out += QStringLiteral("    '%1:%2'\n").arg(c.word, brief(c.summary));
    out += QStringLiteral(
        "  )\n"
        "  _arguments -C $global_options '1:command:->command' '*::argument:->argument' && ret=0\n"
        "  case $state in\n"
        "    command)\n"
        "      _describe -t commands 'identitydesk-cli command' commands && ret=0\n"
        "      ;;\n"
        "    argument)\n"
        "      curcontext=${curcontext%:*:*}:identitydesk-cli-$line[1]:\n"
        "      case $line[1] in\n");
    for (const CliCommandSpec& c : CliRegistry::commands()) {
        out += QStringLiteral("        %1)\n          _arguments $global_options \\\n").arg(c.word);
        for (const CliOption& o : c.options)
            out += QStringLiteral("            ") + spec(o).trimmed() + QStringLiteral(" \\\n");
        if (!c.verbs.isEmpty())
            out += QStringLiteral("            '1:verb:(%1)' \\\n").arg(c.verbs.join(QLatin1Char(' ')));
        // _nothing, not an empty action: with an empty one zsh stops offering options after the verb.
        out += c.fileVerbs.isEmpty() ? QStringLiteral("            '*:argument:_nothing' && ret=0\n")
                                     : QStringLiteral("            '*:file:_files' && ret=0\n");
        out += QStringLiteral("          ;;\n");
    }
    out += QStringLiteral("      esac\n"
                          "      ;;\n"
                          "  esac\n"
                          "  return ret\n"
                          "}\n\n"
                          "_identitydesk-cli \"$@\"\n");
    return out;
}

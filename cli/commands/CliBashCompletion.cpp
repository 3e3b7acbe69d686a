// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliBashCompletion.h"

#include "CliRegistry.h"

namespace {
/// words as one single-quoted shell word (none of ours holds a quote; one would be closed and escaped).
QString quoted(const QStringList& words)
{
    QString joined = words.join(QLatin1Char(' '));
    joined.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + joined + QLatin1Char('\'');
}

QStringList dashed(const QList<CliOption>& options)
{
    QStringList names;
    for (const CliOption& o : options) {
        if (!o.shortName.isEmpty())
            names << QStringLiteral("-") + o.shortName;
        names << QStringLiteral("--") + o.name;
    }
    return names;
}

QString valueCase(const CliOption& o)
{
    const QString label = QStringLiteral("        --") + o.name + QStringLiteral(")\n");
    switch (o.value) {
    case CliOption::Value::None:
        return QString();
    case CliOption::Value::Text:
        return label + QStringLiteral("            return\n            ;;\n");
    case CliOption::Value::File: {
        QString ext = o.fileGlob;
        ext.remove(QStringLiteral("*."));
        return label +
               QStringLiteral("            _filedir %1\n            return\n            ;;\n").arg(ext);
    }
    case CliOption::Value::Choice:
        return label +
               QStringLiteral("            COMPREPLY=($(compgen -W %1 -- \"$cur\"))\n            return\n"
                              "            ;;\n")
                   .arg(quoted(o.choices));
    case CliOption::Value::Store:
        return label +
               QStringLiteral("            COMPREPLY=($(compgen -W 'sqlite: postgresql://' -- \"$cur\"))\n"
                              "            __ltrim_colon_completions \"$cur\"\n"
                              "            compopt -o nospace\n            return\n            ;;\n");
    }
    return QString();
}
} // namespace

QString CliBashCompletion::render()
{
    const QList<CliOption> all = CliRegistry::allOptions();
    QStringList valued;
    for (const CliOption& o : all)
        if (o.takesValue())
            valued << QStringLiteral("--") + o.name;
    QStringList words;
    for (const CliCommandSpec& spec : CliRegistry::commands())
        words << spec.word;

    QString out =
        QStringLiteral("# bash completion for identitydesk-cli                    -*- shell-script -*-\n"
                       "# SPDX-License-Identifier: GPL-3.0-or-later\n"
                       "# Generated at build time from identitydesk-cli's command registry; do not edit.\n\n"
                       "_identitydesk_cli()\n{\n"
                       "    local cur prev words cword\n"
                       "    _init_completion -n : || return\n\n"
                       "    case $prev in\n");
    for (const CliOption& o : all)
        out += valueCase(o);
    out += QStringLiteral("    esac\n\n"
                          "    local i command='' verb=''\n"
                          "    for ((i = 1; i < cword; i++)); do\n"
                          "        case ${words[i]} in\n"
                          "            %1)\n"
                          "                ((i++))\n"
                          "                ;;\n"
                          "            -*) ;;\n"
                          "            *)\n"
                          "                if [[ -z $command ]]; then\n"
                          "                    command=${words[i]}\n"
                          "                elif [[ -z $verb ]]; then\n"
                          "                    verb=${words[i]}\n"
                          "                fi\n"
                          "                ;;\n"
                          "        esac\n"
                          "    done\n\n")
               .arg(valued.join(QLatin1Char('|')));
    out += QStringLiteral("    local global=%1\n").arg(quoted(dashed(CliRegistry::globalOptions())));
    out += QStringLiteral("    local verbs='' options='' files=''\n"
                          "    case $command in\n"
                          "        '')\n"
                          "            if [[ $cur == -* ]]; then\n"
                          "                COMPREPLY=($(compgen -W \"$global\" -- \"$cur\"))\n"
                          "            else\n"
                          "                COMPREPLY=($(compgen -W %1 -- \"$cur\"))\n"
                          "            fi\n"
                          "            return\n"
                          "            ;;\n")
               .arg(quoted(words));
    for (const CliCommandSpec& spec : CliRegistry::commands()) {
        out += QStringLiteral("        %1)\n").arg(spec.word);
        if (!spec.verbs.isEmpty())
            out += QStringLiteral("            verbs=%1\n").arg(quoted(spec.verbs));
        if (!spec.options.isEmpty())
            out += QStringLiteral("            options=%1\n").arg(quoted(dashed(spec.options)));
        if (!spec.fileVerbs.isEmpty())
            out +=
                QStringLiteral("            files=%1\n")
                    .arg(spec.fileVerbs.contains(QString()) ? QStringLiteral("'-'") : quoted(spec.fileVerbs));
        out += QStringLiteral("            ;;\n");
    }
    out += QStringLiteral("        *)\n            return\n            ;;\n    esac\n\n"
                          "    if [[ $cur == -* ]]; then\n"
                          "        COMPREPLY=($(compgen -W \"$options $global\" -- \"$cur\"))\n"
                          "    elif [[ -n $verbs && -z $verb ]]; then\n"
                          "        COMPREPLY=($(compgen -W \"$verbs\" -- \"$cur\"))\n"
                          "    elif [[ $files == - || \" $files \" == *\" $verb \"* ]]; then\n"
                          "        _filedir\n"
                          "    fi\n"
                          "} &&\n"
                          "    complete -F _identitydesk_cli identitydesk-cli\n\n"
                          "# ex: filetype=sh\n");
    return out;
}

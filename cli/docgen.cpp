// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli-docgen --man FILE --bash FILE --zsh FILE --date YYYY-MM-DD --version X.Y.Z
// Writes identitydesk-cli(1) and its shell completions from the command registry (build time).
#include "CliBashCompletion.h"
#include "CliManPage.h"
#include "CliZshCompletion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <cstdio>

namespace {
bool write(const QString& path, const QString& text)
{
    if (path.isEmpty())
        return true;
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0 && file.commit())
        return true;
    std::fprintf(stderr, "identitydesk-cli-docgen: cannot write %s: %s\n", qPrintable(path),
                 qPrintable(file.errorString()));
    return false;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption man(QStringLiteral("man"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption bash(QStringLiteral("bash"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption zsh(QStringLiteral("zsh"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption date(QStringLiteral("date"), QString(), QStringLiteral("DATE"));
    const QCommandLineOption version(QStringLiteral("version"), QString(), QStringLiteral("VERSION"));
    parser.addOptions({man, bash, zsh, date, version});
    parser.process(app);
    const bool ok = write(parser.value(man), CliManPage::render(parser.value(date), parser.value(version))) &&
                    write(parser.value(bash), CliBashCompletion::render()) &&
                    write(parser.value(zsh), CliZshCompletion::render());
    return ok ? 0 : 1;
}

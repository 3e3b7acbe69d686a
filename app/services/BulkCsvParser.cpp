// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkCsvParser.h"

#include "domain/PrintableText.h"
#include "providers/ProviderRegistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

namespace {
struct Record
{
    int line = 0;
    QStringList cells;
};

/// RFC 4180 records (quoted cells may hold commas, quotes and line breaks); line = where it starts.
QList<Record> records(const QString& text, QString* problemLine)
{
    QList<Record> out;
    Record current;
    QString cell;
    bool quoted = false;
    bool cellStarted = false;
    int line = 1;
    current.line = 1;
    const auto endCell = [&] {
        current.cells << cell;
        cell.clear();
        cellStarted = false;
    };
    const auto endRecord = [&] {
        endCell();
        if (!(current.cells.size() == 1 && current.cells.first().trimmed().isEmpty()))
            out << current;
        current = Record{};
        current.line = line;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    cell += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                cell += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && !cellStarted) {
            quoted = true;
            cellStarted = true;
        } else if (c == QLatin1Char(',')) {
            endCell();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            ++line;
            endRecord();
        } else {
            cell += c;
            cellStarted = true;
        }
    }
    if (quoted)
        *problemLine = QString::number(current.line);
    if (!cell.isEmpty() || !current.cells.isEmpty())
        endRecord();
    return out;
}

} // namespace

QStringList BulkCsvParser::header()
{
    return {QStringLiteral("provider"), QStringLiteral("action"), QStringLiteral("user_id"),
            QStringLiteral("params"), QStringLiteral("reason")};
}

std::optional<QList<BulkRow>> BulkCsvParser::parseFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), error);
}

std::optional<QList<BulkRow>> BulkCsvParser::parse(const QByteArray& csv, QString* error)
{
    QString text = QString::fromUtf8(csv);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QString unterminated;
    const QList<Record> all = records(text, &unterminated);
    if (all.isEmpty()) {
        *error = tr("The file is empty: it needs the header row %1.").arg(header().join(QLatin1Char(',')));
        return std::nullopt;
    }
    QStringList head;
    for (const QString& h : all.first().cells)
        head << h.trimmed().toLower();
    if (head != header()) {
        *error = tr("Line %1: the header row must be exactly %2 (it is %3).")
                     .arg(all.first().line)
                     .arg(header().join(QLatin1Char(',')),
                          PrintableText::excerpt(all.first().cells.join(QLatin1Char(',')), 120));
        return std::nullopt;
    }
    QList<BulkRow> rows;
    rows.reserve(all.size() - 1);
    for (qsizetype i = 1; i < all.size(); ++i) {
        const Record& r = all.at(i);
        BulkRow row;
        row.line = r.line;
        row.request.provider = r.cells.value(0).trimmed();
        row.request.action = r.cells.value(1).trimmed();
        row.request.userId = r.cells.value(2).trimmed();
        row.paramsText = r.cells.value(3).trimmed();
        row.request.reason = r.cells.value(4).trimmed();
        if (r.cells.size() != 5) {
            row.state = BulkRow::State::Invalid;
            row.problem =
                tr("%n cells instead of 5 (provider,action,user_id,params,reason); quote a cell that "
                   "holds a comma.",
                   nullptr, int(r.cells.size()));
        } else if (!unterminated.isEmpty() && QString::number(r.line) == unterminated) {
            row.state = BulkRow::State::Invalid;
            row.problem = tr("A quoted cell is never closed.");
        } else {
            QString problem;
            row.request.params = params(row.request.provider, row.request.action, row.paramsText, &problem);
            if (!problem.isEmpty()) {
                row.state = BulkRow::State::Invalid;
                row.problem = problem;
            }
        }
        rows << row;
    }
    return rows;
}

QJsonObject BulkCsvParser::params(const QString& provider, const QString& action, const QString& text,
                                  QString* problem)
{
    ActionOptions options;
    for (const QString& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString p = part.trimmed();
        if (p.isEmpty())
            continue;
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        options << qMakePair(eq < 0 ? p : p.left(eq).trimmed(), eq < 0 ? QString() : p.mid(eq + 1).trimmed());
    }
    const ProviderModule* module = ProviderRegistry::instance().find(provider);
    if (!module)
        return QJsonObject(); // an unknown provider: the dry run names it
    return module->parseOptions(action, options, problem);
}

QString BulkCsvParser::paramsText(const ActionRequest& r)
{
    const ProviderModule* module = ProviderRegistry::instance().find(r.provider);
    return module ? module->formatOptions(r).join(QLatin1Char(';')) : QString();
}

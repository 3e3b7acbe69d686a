// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectCsv.h"

#include "providers/ProviderRegistry.h"

#include <QCoreApplication>

QStringList SubjectCsv::header()
{
    QStringList columns{QStringLiteral("subject"), QStringLiteral("email")};
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        columns << module->subjectColumns();
    columns << QStringLiteral("name") << QStringLiteral("phone");
    return columns;
}

QList<SubjectCsv::Record> SubjectCsv::parse(const QString& text, QString* error)
{
    QList<Record> records;
    Record current;
    QString field;
    bool inQuotes = false;
    bool fieldStarted = false;
    int line = 1;
    current.line = 1;
    const auto endRecord = [&] {
        current.fields << field;
        const bool blank =
            current.fields.size() == 1 && current.fields.constFirst().isEmpty() && !fieldStarted;
        if (!blank)
            records << current;
        current = Record();
        field.clear();
        fieldStarted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            inQuotes = true;
            fieldStarted = true;
        } else if (c == u',') {
            current.fields << field;
            field.clear();
            fieldStarted = true;
        } else if (c == u'\r') {
            // CRLF: the LF ends the record.
        } else if (c == u'\n') {
            endRecord();
            ++line;
            current.line = line;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (inQuotes) {
        if (error)
            *error = QCoreApplication::translate("SubjectCsv", "line %1: a quoted field is never closed")
                         .arg(current.line);
        return records;
    }
    if (fieldStarted || !field.isEmpty() || !current.fields.isEmpty())
        endRecord();
    return records;
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectCsv.h"

#include "SubjectCsvReader.h"

#include "providers/ProviderRegistry.h"

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
    SubjectCsvReader reader;
    reader.feed(text, true);
    QList<Record> records;
    Record record;
    while (reader.next(&record))
        records << std::move(record);
    if (!reader.error().isEmpty() && error)
        *error = reader.error();
    return records;
}

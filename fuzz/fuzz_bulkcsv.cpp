// SPDX-License-Identifier: GPL-3.0-or-later
// The bulk CSV parser (docs/architecture.md section 6: provider,action,user_id,params,reason) fed arbitrary
// bytes: a refused file says why; every row keeps its line number (after the header, in order); a row the
// parser marks invalid says why; a params cell read back from a valid row's params parses again.
#include "services/BulkCsvParser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray csv(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const auto rows = BulkCsvParser::parse(csv, &error);
    if (!rows) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    int lastLine = 1;
    for (const BulkRow& row : *rows) {
        if (row.line <= lastLine)
            std::abort();
        lastLine = row.line;
        if (!row.isValid() && row.problem.isEmpty())
            std::abort();
        if (row.isValid()) {
            QString problem;
            const QString text = BulkCsvParser::paramsText(row.request);
            const QJsonObject again =
                BulkCsvParser::params(row.request.provider, row.request.action, text, &problem);
            if (!problem.isEmpty())
                std::abort(); // what the parser accepted, written back, is accepted again
            (void)again;
        }
    }
    return 0;
}

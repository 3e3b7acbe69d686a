// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class Population;

/// Writes a subjects CSV (docs/architecture.md section 6) for the first people of the sandbox population, so
/// the console has an index to start from (`--write-subjects FILE --subjects N`). Subject "CUST-000123" is
/// population user 123 with every provider's id: Smile ID "REF-000123" and job "JOB-000123", SDK.Finance's
/// UUID, Trust Swiftly "123", SmartID "<e-mail>", and the person's name and phone. Every fifth person lacks
/// the SDK.Finance column, so that federated search has same-e-mail records to suggest linking.
class SubjectsCsvWriter final
{
public:
    SubjectsCsvWriter() = delete;
    static bool write(const Population& population, quint32 count, const QString& path, QString* error);
    /// The subject reference of population user `id`.
    static QString referenceFor(quint32 id);
    /// True when the written file leaves out the SDK.Finance id of user `id`.
    static bool leavesOutSdkFinance(quint32 id) { return id % 5 == 0; }
};

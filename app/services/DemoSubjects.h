// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class Store;

/// The subject index of demo mode: the sandbox writes one for the first people of its population
/// (identitydesk-sandbox --write-subjects), and the demo store imports it once, as the demo
/// supervisor, so that search merges people across providers and the 360 view has every id.
class DemoSubjects final
{
public:
    DemoSubjects() = delete;

    /// Imports `csvPath` into `store` through SubjectService (one transaction, audited). A missing
    /// file is not an error (older sandboxes write none); a bad one is.
    static bool import(Store* store, const QString& csvPath, QString* error);
};

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"
#include "store/AuditFilter.h"
#include "store/AuditVerification.h"

#include <QList>
#include <optional>

class AuditRepository;

/// The audit log as the console shows it, read-only: its entries by filter (AuditModel) and the
/// check of its hash chain. Both read on the calling thread, through the store given.
class AuditLogReader final
{
public:
    /// store is not owned and must outlive the reader.
    explicit AuditLogReader(AuditRepository* store);

    /// Oldest first; AuditFilter::from and ::to are inclusive.
    std::optional<QList<AuditEntry>> entries(const AuditFilter& filter, QString* error) const;
    /// Recomputes the hash chain of the whole log and says where it breaks, if it does.
    AuditVerification verify() const;

private:
    AuditRepository* m_store;
};

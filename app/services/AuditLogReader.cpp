// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditLogReader.h"

#include "store/AuditRepository.h"

AuditLogReader::AuditLogReader(AuditRepository* store)
    : m_store(store)
{}

std::optional<QList<AuditEntry>> AuditLogReader::entries(const AuditFilter& filter, QString* error) const
{
    return m_store->auditEntries(filter, error);
}

AuditVerification AuditLogReader::verify() const
{
    return m_store->verifyAudit();
}

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SearchSource.h"

#include <QCoreApplication>

class SubjectService;

/// Federated search in the local subject index (the only way to find the ids of providers that cannot
/// search). Records have provider "index", id = the subject reference.
class IndexSearchSource final : public SearchSource
{
    Q_DECLARE_TR_FUNCTIONS(IndexSearchSource)

public:
    explicit IndexSearchSource(SubjectService& subjects);
    QString key() const override;
    QString displayName() const override;
    int maxPageSize() const override { return 1000; }
    Reply<UserPage> page(const QString& text, int page, int perPage) override;

private:
    SubjectService& m_subjects;
};

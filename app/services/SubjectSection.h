// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProfileSection.h"
#include "domain/Subject.h"

/// The 360 view's "subject" section: the person's index entry (reference, e-mail, ids at each
/// provider) and what each provider module adds to it (ProviderModule::subjectFields()).
class SubjectSection final : public ProfileSection
{
public:
    explicit SubjectSection(Subject s)
        : subject(std::move(s))
    {}
    Subject subject;
    QJsonObject toJson() const override;
};

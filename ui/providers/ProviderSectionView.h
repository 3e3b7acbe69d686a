// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/SubjectProfileService.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>

class ProfileSectionBox;
class Session;

/// How one provider's sections of the 360 view are shown (the module's profileSections(),
/// docs/adding-a-provider.md): their titles, their content as the person's state in plain words,
/// and any widget of their own (Smile ID's job images). SubjectProfileView owns one per provider
/// that has sections.
class ProviderSectionView : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderSectionView)

public:
    using QObject::QObject;

    /// Each section's key and title (in the current language), in display order.
    virtual QList<QPair<QString, QString>> titles() const = 0;
    /// The sections' boxes exist: add any widget of its own to them.
    virtual void attach(const QMap<QString, ProfileSectionBox*>& boxes) { Q_UNUSED(boxes) }
    virtual void setSession(Session* session) { Q_UNUSED(session) }
    /// Fills box with a section's content (its state is Ok).
    virtual void render(const QString& key, const ProfileSection* content, ProfileSectionBox* box) = 0;
    /// After every state change of one of its sections (box already shows the state).
    virtual void stateChanged(const QString& key, SubjectProfileService::SectionState state,
                              const ProfileSection* content, ProfileSectionBox* box)
    {
        Q_UNUSED(key)
        Q_UNUSED(state)
        Q_UNUSED(content)
        Q_UNUSED(box)
    }
    /// What the subject's line adds for this provider (HTML), e.g. Smile ID's job id; empty for none.
    virtual QString subjectLine(const Subject& subject) const
    {
        Q_UNUSED(subject)
        return QString();
    }
    /// Nobody shown, or another load starts: its own widgets emptied.
    virtual void clear() {}
    /// The language changed: its own widgets' texts again.
    virtual void retranslate() {}

signals:
    /// Load the person again with the details given on demand (a record's history, image links).
    void reloadRequested(bool history, bool imageLinks);
    /// A provider's answer failed its signature check: the view shows this warning.
    void securityWarning(const QString& text);
};

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"

#include <QGroupBox>

class ActionService;
class Session;

/// One provider's card body in the person view: the selected person's state there and that
/// provider's actions (docs/adding-a-provider.md). The main window creates one per registered
/// provider (UiProviderRegistry) and drives them all alike; a panel never edits the person's id in
/// place and acts on nobody when no person is shown.
class ProviderPanel : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderPanel)

public:
    using QGroupBox::QGroupBox;

    /// The connection: the panel takes its provider's client from session; both null when signed out.
    /// Neither is owned.
    virtual void setSession(const Session* session, ActionService* service) = 0;
    /// A production profile puts a red warning in every action dialog.
    virtual void setEnvironment(const QString& profileName, bool production) = 0;
    /// Shows the person: record as the search shows them, id their id at this provider (empty when
    /// none is known). Another person closes every action dialog still open for the previous one.
    virtual void showPerson(const UserRecord& record, const QString& id) = 0;
    /// The provider answered a fresher record of the shown person.
    virtual void refreshPerson(const UserRecord& record) { Q_UNUSED(record) }
    /// No person: no id, no action, any open dialog closed.
    virtual void clear() = 0;
    /// The shown person's id at this provider (empty when none).
    virtual QString userId() const = 0;
    /// Whether linking another id of this provider to the person's subject may be offered.
    virtual void setLinkAllowed(bool allowed, const QString& why)
    {
        Q_UNUSED(allowed)
        Q_UNUSED(why)
    }
    /// The subject now links this id (after linking): actions target it.
    virtual void setLinkedId(const QString& userId) { Q_UNUSED(userId) }

signals:
    /// The officer followed an action dialog's link to the earlier action it repeats.
    void showActionRequested(qint64 actionId);
    /// The officer wants to link another id of this provider to the shown person's subject.
    void linkIdRequested();
    /// An action finished and the person's state may have changed.
    void personChanged();
};

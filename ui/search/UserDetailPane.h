// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"

#include <QPointer>
#include <QWidget>

class HttpReply;
class QLabel;
class SmileIdPanel;
class UserDirectory;

/// The selected user's details, refreshed from the provider when a user is shown, and the actions
/// that can be taken on them.
class UserDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserDetailPane)

public:
    explicit UserDetailPane(QWidget* parent = nullptr);

    void setDirectory(UserDirectory* directory);
    /// Shows what is known now and asks the provider for the current record.
    void showUser(const UserRecord& user);
    void clear();
    const UserRecord& user() const { return m_user; }
    /// The Smile ID actions for the shown person.
    SmileIdPanel* smileIdPanel() const { return m_smileId; }

signals:
    /// The provider returned a fresher record for the shown user.
    void userRefreshed(const UserRecord& user);

private:
    void fill(const UserRecord& user);
    QLabel* addRow(class QFormLayout* form, const QString& label, const char* objectName);

    UserDirectory* m_directory = nullptr;
    QPointer<HttpReply> m_pending;
    UserRecord m_user;
    QLabel* m_title;
    QLabel* m_name;
    QLabel* m_email;
    QLabel* m_phone;
    QLabel* m_status;
    QLabel* m_reference;
    QLabel* m_id;
    QLabel* m_workflow;
    QLabel* m_reverifyWorkflow;
    QLabel* m_note;
    QWidget* m_fields;
    SmileIdPanel* m_smileId;
};

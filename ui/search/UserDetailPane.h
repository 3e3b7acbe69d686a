// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/UserRecord.h"
#include "widgets/MessageBanner.h"

#include <QPointer>
#include <QWidget>

class HttpReply;
class QLabel;
class UserDirectory;

/// The selected person's name and contact details, refreshed from the search directory's provider
/// when one of its users is shown. Each provider's state and actions are its own card
/// (ProviderPanel) in the person view below.
class UserDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UserDetailPane)

public:
    explicit UserDetailPane(QWidget* parent = nullptr);

    void setDirectory(UserDirectory* directory);
    /// Shows what is known now and asks the provider for the current record. Another person closes
    /// every action dialog still open for the previous one.
    void showUser(const UserRecord& user);
    /// No person: every card empty, no action enabled, every open action dialog closed.
    void clear();
    const UserRecord& user() const { return m_user; }
    /// Asks the provider again for the shown person (after an action on them).
    void refresh();

signals:
    /// The provider returned a fresher record for the shown user.
    void userRefreshed(const UserRecord& user);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Every text, again in the current language (after a switch at run time).
    void retranslateUi();
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
    QLabel* m_note;
    QWidget* m_fields;
};

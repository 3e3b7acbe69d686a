// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/UserRecord.h"
#include "widgets/MessageBanner.h"

#include <QDialog>
#include <QPointer>

class ActionService;
class ActionTicket;
class HttpReply;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class TrustSwiftlyClient;

/// Trust Swiftly re-verification for one user: the current workflow ("from", preselected), the
/// target workflow, a reason and the exact request. Submits through ActionService::submit() itself
/// and stays open on anything but success, so that a 422 can be shown next to the field it names.
class ReverifyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReverifyDialog)

public:
    /// service and client are not owned and must outlive the dialog.
    ReverifyDialog(ActionService* service, TrustSwiftlyClient* client, const UserRecord& user,
                   QWidget* parent = nullptr);

    ActionRequest request() const;
    /// On a production profile (name non-empty) sending asks ProductionConfirmation first.
    void setProductionEnvironment(const QString& profileName) { m_productionProfile = profileName; }
    /// The last result shown in the dialog (empty before the first send).
    QString statusText() const;
    MessageBanner::Level statusLevel() const { return m_statusLevel; }

signals:
    /// An action finished with an outcome (the user's state may have changed): the text and level.
    void actionFinished(MessageBanner::Level level, const QString& text);

private:
    void loadWorkflows(bool refresh);
    void fillCombos();
    void updateWidgets();
    void send();
    void onFinished(ActionTicket* ticket);
    void showStatus(MessageBanner::Level level, const QString& text);
    void clearFieldErrors();

    QString m_productionProfile;
    bool m_productionConfirmed = false;
    ActionService* m_service;
    TrustSwiftlyClient* m_client;
    UserRecord m_user;
    QString m_currentWorkflow;
    QPointer<HttpReply> m_loading;
    QString m_loadError;
    bool m_busy = false;
    MessageBanner::Level m_statusLevel = MessageBanner::Level::Info;
    QComboBox* m_from;
    QLabel* m_fromError;
    QComboBox* m_to;
    QLabel* m_toError;
    QPushButton* m_refresh;
    QPlainTextEdit* m_preview;
    QLineEdit* m_reason;
    QLabel* m_userError;
    QLabel* m_status;
    QPushButton* m_send;
    QPushButton* m_close;
};

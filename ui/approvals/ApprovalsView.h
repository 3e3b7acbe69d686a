// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

class ActionService;
class ActionTableView;
class ActionTicket;
class ActionsModel;
class MessageBanner;
class QLabel;
class QPushButton;
class RefreshThrottle;

/// The approvals queue: actions waiting for a supervisor other than their initiator (four-eyes).
/// Approve sends the action and shows its outcome in the view's banner; Reject needs a reason.
class ApprovalsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalsView)

public:
    /// model lists the actions waiting for approval (ActionRecord::State::PendingApproval); the view takes it
    /// as its child.
    explicit ApprovalsView(ActionsModel* model, QWidget* parent = nullptr);

    /// Not owned; decides who may approve what. The view refreshes whenever an action changes.
    void setActionService(ActionService* service);
    /// Reads the queue again; false (and a banner) when the store cannot be read.
    bool refresh();
    int count() const;
    ActionsModel* model() const { return m_model; }

    /// Asks for confirmation, then approves the selected action.
    void approveSelected();
    /// Asks for a reason, then rejects the selected action.
    void rejectSelected();
    /// Asks for a reason, then withdraws the selected action (its requester or a supervisor).
    void withdrawSelected();
    /// Selects action `id` when it is in the list; false when it is not.
    bool selectAction(qint64 id);
    /// The other actions in the list that do the same to the same person as action `id`.
    QList<qint64> repeatsOf(qint64 id) const;

signals:
    void countChanged(int count);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Every text, again in the current language (after a switch at run time).
    void retranslateUi();
    void updateWidgets();
    void onApproveFinished(ActionTicket* ticket);
    /// Approves and sends action `id` (after the production question, for a production profile's).
    void approve(qint64 id, const QString& note);
    QString describe(qint64 actionId) const;

    QPointer<ActionService> m_service;
    ActionsModel* m_model;
    ActionTableView* m_table;
    MessageBanner* m_banner;
    QLabel* m_selection;
    QPushButton* m_approve;
    QPushButton* m_reject;
    QPushButton* m_withdraw;
    QHash<QString, QList<qint64>> m_byRepeatKey; ///< ActionService::repeatKey() → the listed actions
    QPushButton* m_refresh;
    RefreshThrottle* m_refreshThrottle = nullptr;
    qint64 m_sending = 0; ///< the action being sent after this view approved it
};

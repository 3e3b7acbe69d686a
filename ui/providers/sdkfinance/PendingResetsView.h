// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"
#include "domain/ResetRequest.h"
#include "widgets/MessageBanner.h"

#include "providers/ProviderTab.h"
#include <QPointer>

class ActionService;
class ActionTicket;
class PendingResetsModel;
class PendingResetsSortModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;
class SdkFinanceClient;

/// SDK.Finance's reset-identification requests: a paged, sortable table filtered by status that
/// refreshes itself every N seconds (keeping the selection and scroll position), approve / decline
/// for supervisors and a reset with mandatory fields for the selected request's user.
class PendingResetsView final : public ProviderTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PendingResetsView)

public:
    explicit PendingResetsView(QWidget* parent = nullptr);
    ~PendingResetsView() override;

    /// Not owned; null client when the profile has no SDK.Finance section. Loads the first page.
    void setSession(SdkFinanceClient* client, ActionService* service);
    void setSession(const Session* session, ActionService* service) override;
    QString title() const override;
    QString menuText() const override;
    QString toolTip(const QString& shortcut) const override;
    /// A production profile puts a red warning in the reset dialog.
    void setEnvironment(const QString& profileName, bool production) override;
    PendingResetsModel* model() const { return m_model; }
    /// Requests with the chosen status at SDK.Finance (0 before the first page).
    qint64 count() const;
    /// The selected request; an empty one when none is selected.
    ResetRequest currentRequest() const;
    QString resultText() const;
    /// Asks SDK.Finance again for what is shown, in place.
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    ActionRequest decisionRequest(const QString& action) const;
    void updateWidgets();
    void onStateChanged();
    void onStatusChosen();
    void fillViewport();
    void decide(const QString& action);
    void openReset();
    /// Follows a submitted action in the result banner (followed by whom it is for, when given); the
    /// list is read again once it has ended.
    void track(ActionTicket* ticket, const QString& subject = QString());

    void showResult(MessageBanner::Level level, const QString& text);

    QPointer<SdkFinanceClient> m_client;
    QPointer<ActionService> m_service;
    QString m_profileName;
    bool m_production = false;
    bool m_busy = false;
    PendingResetsModel* m_model = nullptr;
    PendingResetsSortModel* m_proxy;
    QComboBox* m_statusFilter;
    QLineEdit* m_textFilter;
    QSpinBox* m_interval;
    QPushButton* m_refreshNow;
    QLabel* m_status;
    QTableView* m_table;
    QPushButton* m_approve;
    QPushButton* m_decline;
    QPushButton* m_reset;
    QPushButton* m_openUser;
    QLabel* m_restriction;
    QLabel* m_result;
    QTimer* m_timer;
};

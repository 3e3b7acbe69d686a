// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class ActionService;
class ActionTableView;
class ActionsModel;
class MessageBanner;
class QLabel;
class QPushButton;
class RefreshThrottle;

/// Actions whose outcome is unknown (timeout, connection lost after sending, console stopped while
/// sending). Never sent again automatically: a person checks the provider and records what they found.
class UnresolvedView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnresolvedView)

public:
    /// model lists the unresolved actions (ActionRecord::State::Unresolved); the view takes it as its child.
    explicit UnresolvedView(ActionsModel* model, QWidget* parent = nullptr);

    void setActionService(ActionService* service);
    bool refresh();
    int count() const;
    ActionsModel* model() const { return m_model; }
    /// Asks for a reason, then records the selected action as succeeded (or failed).
    void resolveSelected(bool succeeded);

signals:
    void countChanged(int count);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void recheckSelected();
    void updateWidgets();

    QPointer<ActionService> m_service;
    ActionsModel* m_model;
    ActionTableView* m_table;
    MessageBanner* m_banner;
    QLabel* m_selection;
    QPushButton* m_succeeded;
    QPushButton* m_failed;
    QPushButton* m_refresh;
    QPushButton* m_recheck;
    RefreshThrottle* m_refreshThrottle = nullptr;
    bool m_rechecking = false;
};

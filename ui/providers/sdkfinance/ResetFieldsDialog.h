// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionRequest.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class ActionService;
class ActionTicket;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

/// Resets an SDK.Finance identification with the profile fields the user must submit again: the
/// profile tree of ProfileSchema with tristate checkboxes, a filter, presets and the live list of
/// dotted paths that will be sent. Submits through ActionService itself and stays open to show where
/// the action ended up (waiting for approval, or the profile SDK.Finance returned).
class ResetFieldsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResetFieldsDialog)

public:
    /// service is not owned and must outlive the dialog; userId prefills the SDK.Finance user id.
    ResetFieldsDialog(ActionService* service, const QString& userId, QWidget* parent = nullptr);

    /// A production profile: a red line naming the environment above everything else.
    void setProductionEnvironment(const QString& profileName);
    /// The ticked leaves as dotted paths, in document order.
    QStringList selectedFields() const;
    /// Ticks exactly these leaves (unknown paths are ignored).
    void selectFields(const QStringList& paths);
    /// The request the dialog would submit now (with the typed reason).
    ActionRequest request() const;
    /// Why it cannot be submitted now; empty when it can.
    QString blocker() const;
    /// Where the submitted action ended up; empty before.
    QString resultText() const;
    /// Re-reads the restrictions (e.g. after the SDK.Finance login changed).
    void updateWidgets();

signals:
    /// The submitted action finished (also when it is only waiting for approval).
    void actionFinished(const QString& resultText);

private:
    void buildTree();
    QTreeWidgetItem* addNode(QTreeWidgetItem* parent, const QString& path);
    void applyFilter(const QString& text);
    void onItemChanged();
    void submit();
    void onFinished(ActionTicket* ticket);

    QPointer<ActionService> m_service;
    QHash<QString, QTreeWidgetItem*> m_leaves;
    bool m_busy = false;
    QString m_productionProfile;        ///< non-empty: ProductionConfirmation before submitting
    bool m_productionConfirmed = false; ///< the user just confirmed submitting on production
    bool m_done = false;
    QLabel* m_production;
    QLineEdit* m_userId;
    QLabel* m_restriction;
    QLineEdit* m_filter;
    QTreeWidget* m_tree;
    QLabel* m_pathsLabel;
    QListWidget* m_paths;
    QLabel* m_approval;
    QLineEdit* m_reason;
    QLabel* m_problem;
    QLabel* m_result;
    QLabel* m_profileLabel;
    QPlainTextEdit* m_profile;
    QDialogButtonBox* m_buttons;
    QPushButton* m_submit;
    QPushButton* m_cancel;
};

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/UserIdPanel.h"

#include <QList>

class QPushButton;
struct SmileIdFlagOption;

/// Smile ID's enrollee flags for the selected person: each button opens an ActionDialog and goes
/// through ActionService::submit(); the last result stays in the panel instead of a dialog. The
/// Smile ID user id is shown, never typed: "Link id…" asks to link another one to the person's subject
/// (audited), and the panel follows the link (setLinkedId()).
class SmileIdPanel final : public UserIdPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmileIdPanel)

public:
    explicit SmileIdPanel(QWidget* parent = nullptr);

    /// The subject now links this Smile ID user id (after "Link id…"): actions target it.
    void setLinkedId(const QString& userId) override;
    /// Whether "Link id…" may be used, with the reason when not.
    void setLinkAllowed(bool allowed, const QString& why) override;

protected:
    void changeEvent(QEvent* event) override;
    /// Smile ID's user id is the partner's own, Trust Swiftly's reference id, when none is linked.
    QString defaultIdOf(const UserRecord& user) const override { return user.referenceId; }
    void updateWidgets() override;

private:
    struct Button
    {
        QPushButton* button;
        const SmileIdFlagOption* option; ///< the flag it sets
        bool value;
    };

    void addButton(const char* objectName, const QString& option, bool value);
    /// Every text, again in the current language (also after a switch at run time).
    void retranslateUi();
    ActionRequest requestFor(const Button& button) const;
    void openDialog(const Button& button);

    bool m_linkAllowed = true;
    QString m_linkWhy;
    QPushButton* m_linkId;
    QList<Button> m_buttons;
};

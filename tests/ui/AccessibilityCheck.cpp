// SPDX-License-Identifier: GPL-3.0-or-later
#include "AccessibilityCheck.h"

#include <QAccessible>
#include <QWidget>

namespace {
bool isFocusable(const QWidget* w)
{
    return w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) &&
           !w->testAttribute(Qt::WA_TransparentForMouseEvents) && w->focusProxy() == nullptr;
}

QList<QWidget*> tree(QWidget* root)
{
    QList<QWidget*> all{root};
    all += root->findChildren<QWidget*>();
    return all;
}
} // namespace

QStringList AccessibilityCheck::unnamedFocusableWidgets(QWidget* root)
{
    QStringList unnamed;
    for (QWidget* w : tree(root)) {
        if (!isFocusable(w))
            continue;
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
        const QString name = iface ? iface->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            unnamed << QStringLiteral("%1 '%2'").arg(QString::fromLatin1(w->metaObject()->className()),
                                                     w->objectName());
    }
    return unnamed;
}

int AccessibilityCheck::focusableWidgetCount(QWidget* root)
{
    int n = 0;
    for (QWidget* w : tree(root))
        n += isFocusable(w) ? 1 : 0;
    return n;
}

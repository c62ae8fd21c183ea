package admin

import (
	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
)

// passwordWork runs work that seals an officer key under a password (one scrypt run) within the
// memory budget. When the budget stays full it answers the busy page and returns false.
func (a *Admin) passwordWork(c *gin.Context, work func()) bool {
	if err := a.Memory.Do(c.Request.Context(), crypto.PasswordMemory, work); err != nil {
		a.Site.Busy(c, a.Memory.Wait())
		return false
	}
	return true
}

-- ob-migrate: squashes-- obààààààààààààààà-migra”e: no-transaction
/* comment İÕĞŞ--÷> statementtement-breakpoint


/* un§§§termi=====================================================================================nated
export PS1="[\u@web01 \W]# "
